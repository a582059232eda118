using System.Threading.Channels;
using Bot.Storage;

namespace Bot.Conversations;

/// <summary>
/// Writes the notes of questions the sources fall short on (declined, or answered only with a caveat) to the
/// feedback log behind the reply. A turn hands its note over and goes on: over a channel that waits for the
/// reply in the response (the Emulator, <c>expectReplies</c>), a file opened and flushed for every declined
/// question doubled the median turn. Notes wait in a bounded queue and are written one at a time, in order;
/// when the queue is full (the log far slower than the questions) a note is dropped and logged, never the
/// turn. On shutdown, what is queued is written first.
/// </summary>
public sealed partial class ShortfallNotes(IFeedbackLog log, ILogger<ShortfallNotes> logger) : IHostedService
{
    /// <summary>Notes waiting at most: far more than declined questions arrive, within the feedback rate limits, between two writes.</summary>
    const int Capacity = 1_000;

    readonly Channel<FeedbackRecord> _queue = Channel.CreateBounded<FeedbackRecord>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    readonly Lock _starting = new();
    Task? _writing;
    long _handedOver;
    long _done;

    /// <summary>Queues the note to be written; false, and the note dropped, when the queue is full.</summary>
    public bool TryNote(FeedbackRecord record)
    {
        if (!_queue.Writer.TryWrite(record))
        {
            LogDropped(logger, record.ConversationId);
            return false;
        }
        Interlocked.Increment(ref _handedOver);
        // The writer starts with the first note, so a host that never starts its services (the command line's)
        // still writes them.
        lock (_starting)
            _writing ??= Task.Run(WriteAllAsync);
        return true;
    }

    /// <summary>Waits (up to <paramref name="timeout"/>) until every note handed over before the call has been written or given up on.</summary>
    public async Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var target = Interlocked.Read(ref _handedOver);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Interlocked.Read(ref _done) < target)
        {
            if (waited.Elapsed >= timeout)
                return false;
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    async Task WriteAllAsync()
    {
        await foreach (var record in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await log.AppendAsync(record, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ConversationDatabaseUnavailableException)
            {
                LogNotRecorded(logger, record.ConversationId, e.Message);
            }
            finally
            {
                Interlocked.Increment(ref _done);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Writes what is queued before the process ends, for as long as the host allows.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        Task? writing;
        lock (_starting)
            writing = _writing;
        try
        {
            if (writing is not null)
                await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LogUnwritten(logger, Interlocked.Read(ref _handedOver) - Interlocked.Read(ref _done));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: declined questions are queued faster than the feedback log takes them; this one was not noted")]
    static partial void LogDropped(ILogger logger, string conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutting down before {Count} declined questions were noted for the operator")]
    static partial void LogUnwritten(ILogger logger, long count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: the declined question could not be noted for the operator: {Reason}")]
    static partial void LogNotRecorded(ILogger logger, string conversationId, string reason);
}

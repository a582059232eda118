using Microsoft.Extensions.Options;

namespace Bot.Channels;

/// <summary>
/// Runs turns after the inbound request has been answered, so a slow channel never holds it. Turns of one
/// conversation run in order (a follow-up must see the turn before it); different conversations run side
/// by side, so one slow conversation holds up no other. The queue is bounded per conversation, in total,
/// and by the bytes its activities took, so a flood of messages (or of large ones) to a channel that never
/// takes replies cannot grow it; what does not fit is refused, and the caller answers 429. On shutdown, turns under way get a moment to finish.
/// </summary>
public sealed partial class BackgroundTurns(IOptions<ChannelOptions> options, ILogger<BackgroundTurns> logger) : IHostedService, IDisposable
{
    readonly Dictionary<string, (Task Tail, int Waiting)> _conversations = new(StringComparer.Ordinal);
    readonly CancellationTokenSource _stopping = new();
    int _waiting;
    long _bytes;

    /// <summary>Conversations with turns queued or running.</summary>
    public int Pending
    {
        get
        {
            lock (_conversations)
                return _conversations.Count;
        }
    }

    /// <summary>Whether a turn for the conversation, of an activity of this many bytes, would be taken now.</summary>
    public bool HasRoomFor(string conversationId, long bytes = 0)
    {
        lock (_conversations)
            return HasRoom(conversationId, bytes);
    }

    bool HasRoom(string conversationId, long bytes) =>
        _waiting < options.Value.MaxQueuedTurns
        && _bytes + bytes <= options.Value.MaxQueuedBytes
        && (!_conversations.TryGetValue(conversationId, out var queued) || queued.Waiting < options.Value.MaxQueuedPerConversation);

    /// <summary>
    /// Queues the turn behind the conversation's earlier ones; false, and nothing queued, when the
    /// conversation or the whole queue is full. <paramref name="evenIfFull"/> is for a message already
    /// accepted and stored, which must be answered.
    /// </summary>
    public bool TryEnqueue(string conversationId, long bytes, Func<CancellationToken, Task> turn, bool evenIfFull = false)
    {
        Task next;
        lock (_conversations)
        {
            if (!evenIfFull && !HasRoom(conversationId, bytes))
                return false;
            _bytes += bytes;
            var (previous, waiting) = _conversations.GetValueOrDefault(conversationId, (Task.CompletedTask, 0));
            next = previous.ContinueWith(_ => Run(conversationId, turn), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            _conversations[conversationId] = (next, waiting + 1);
            _waiting++;
        }
        next.ContinueWith(
            finished =>
            {
                lock (_conversations)
                {
                    _waiting--;
                    _bytes -= bytes;
                    if (!_conversations.TryGetValue(conversationId, out var queued))
                        return;
                    _conversations[conversationId] = (queued.Tail, queued.Waiting - 1);
                    if (queued.Tail == finished)
                        _conversations.Remove(conversationId);
                }
            },
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        return true;
    }

    async Task Run(string conversationId, Func<CancellationToken, Task> turn)
    {
        try
        {
            await turn(_stopping.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed turn is logged; it must not take the queue or other conversations down with it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogTurnFailed(logger, conversationId, e);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] running;
        lock (_conversations)
            running = [.. _conversations.Values.Select(c => c.Tail)];
        var grace = Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        await Task.WhenAny(Task.WhenAll(running), grace).ConfigureAwait(false);
        // A host may dispose its services before it stops them (test hosts do); then there is nothing to cancel.
        if (Volatile.Read(ref _disposed) == 1)
            return;
        try
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // Disposed while stopping: the turns it would cancel are gone with it.
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            _stopping.Dispose();
    }

    int _disposed;

    [LoggerMessage(Level = LogLevel.Error, Message = "Conversation {ConversationId}: the turn failed")]
    static partial void LogTurnFailed(ILogger logger, string conversationId, Exception exception);
}

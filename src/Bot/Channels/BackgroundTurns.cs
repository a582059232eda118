using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Channels;

/// <summary>
/// Runs turns after the inbound request has been answered, so a slow channel never holds it. Turns of one
/// conversation run in order (a follow-up must see the turn before it); different conversations run side
/// by side, so one slow conversation holds up no other. On shutdown, turns under way get a moment to finish.
/// </summary>
public sealed partial class BackgroundTurns(ILogger<BackgroundTurns> logger) : IHostedService, IDisposable
{
    readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);
    readonly CancellationTokenSource _stopping = new();

    public int Pending
    {
        get
        {
            lock (_tails)
                return _tails.Count;
        }
    }

    public void Enqueue(string conversationId, Func<CancellationToken, Task> turn)
    {
        Task next;
        lock (_tails)
        {
            var previous = _tails.GetValueOrDefault(conversationId) ?? Task.CompletedTask;
            next = previous.ContinueWith(_ => Run(conversationId, turn), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            _tails[conversationId] = next;
        }
        next.ContinueWith(
            finished =>
            {
                lock (_tails)
                {
                    if (_tails.TryGetValue(conversationId, out var tail) && tail == finished)
                        _tails.Remove(conversationId);
                }
            },
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
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
        lock (_tails)
            running = [.. _tails.Values];
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

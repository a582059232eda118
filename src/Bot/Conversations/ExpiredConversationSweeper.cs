using Bot.Channels.DirectLine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Conversations;

/// <summary>
/// Deletes conversations and web chats from the shared database once they have been idle past their expiry,
/// so the tables hold only what a follow-up or a poll could still need. Expired rows are already ignored
/// when read; this only reclaims them. Every instance sweeps; deleting what another instance deleted is a no-op.
/// </summary>
public sealed partial class ExpiredConversationSweeper(
    PostgresConversationStore conversations,
    PostgresDirectLineStore webChats,
    IOptions<ConversationDatabaseOptions> options,
    TimeProvider time,
    ILogger<ExpiredConversationSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        try
        {
            // The first sweep, at start-up, also creates or migrates the schema, without holding start-up up.
            await SweepAsync(stoppingToken).ConfigureAwait(false);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                await SweepAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            var turns = await conversations.DeleteExpiredAsync(cancellationToken).ConfigureAwait(false);
            var chats = await webChats.DeleteExpiredAsync(cancellationToken).ConfigureAwait(false);
            if (turns + chats > 0)
                LogSwept(logger, turns, chats);
        }
        catch (ConversationDatabaseUnavailableException)
        {
            // Logged by the database; the next sweep catches up.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Conversations} expired conversations and {WebChats} expired web chats")]
    static partial void LogSwept(ILogger logger, int conversations, int webChats);
}

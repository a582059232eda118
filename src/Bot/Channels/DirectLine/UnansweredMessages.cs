using Bot.BotFramework;
using Bot.Storage;
using Microsoft.Extensions.Options;

namespace Bot.Channels.DirectLine;

/// <summary>
/// With a shared database, answers the visitors' messages that an instance stored and then never answered,
/// because it stopped (a crash, an eviction, a deployment) between taking the message and replying. Web chat
/// acknowledges a message before its turn runs, so without this the visitor would wait for ever.
/// </summary>
public sealed partial class UnansweredMessages(
    PostgresDirectLineStore store,
    WebChatTurns turns,
    IOptions<DirectLineOptions> options,
    TimeProvider time,
    ILogger<UnansweredMessages> logger) : BackgroundService
{
    const int PerRound = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Looking three times a period keeps the wait past the due time short, at one indexed query a look.
        using var timer = new PeriodicTimer(options.Value.UnansweredAfter / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                await TakeOverAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    async Task TakeOverAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<Activity> taken;
        try
        {
            taken = await store.TakeUnansweredAsync(PerRound, cancellationToken).ConfigureAwait(false);
        }
        catch (ConversationDatabaseUnavailableException)
        {
            // Logged by the database; the next look catches up.
            return;
        }
        foreach (var message in taken)
        {
            var conversationId = message.Conversation?.Id;
            if (conversationId is null || !Uri.TryCreate(message.ServiceUrl, UriKind.Absolute, out var publicBase))
                continue;
            var id = message.Id!;
            LogTakenOver(logger, conversationId, id);
            turns.Run(message, conversationId, publicBase);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: message {ActivityId} was not answered in time by the instance that took it; answering it here")]
    static partial void LogTakenOver(ILogger logger, string conversationId, string activityId);
}

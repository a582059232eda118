using Bot.Storage;
using Microsoft.Extensions.Options;

namespace Bot.Conversations;

/// <summary>Turns a reaction from any channel into a feedback record, finding the question and answer it refers to.</summary>
public sealed partial class FeedbackRecorder(
    IConversationStore conversations,
    IFeedbackLog log,
    ShortfallNotes shortfallNotes,
    TimeProvider time,
    IOptions<FeedbackOptions> options,
    Bot.Telemetry.BotTelemetry telemetry,
    ILogger<FeedbackRecorder> logger) : IDisposable
{
    readonly System.Threading.RateLimiting.PartitionedRateLimiter<string> _presses = System.Threading.RateLimiting.PartitionedRateLimiter.Create<string, string>(key =>
        System.Threading.RateLimiting.RateLimitPartition.GetTokenBucketLimiter(key, _ => new System.Threading.RateLimiting.TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.PerMinute,
            TokensPerPeriod = options.Value.PerMinute,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    readonly System.Threading.RateLimiting.PartitionedRateLimiter<string> _declined = System.Threading.RateLimiting.PartitionedRateLimiter.CreateChained(
        System.Threading.RateLimiting.PartitionedRateLimiter.Create<string, string>(key => PerMinute(key, options.Value.DeclinedPerConversationPerMinute)),
        System.Threading.RateLimiting.PartitionedRateLimiter.Create<string, string>(_ => PerMinute("all", options.Value.DeclinedPerMinute)));

    static System.Threading.RateLimiting.RateLimitPartition<string> PerMinute(string key, int limit) =>
        System.Threading.RateLimiting.RateLimitPartition.GetTokenBucketLimiter(key, _ => new System.Threading.RateLimiting.TokenBucketRateLimiterOptions
        {
            TokenLimit = limit,
            TokensPerPeriod = limit,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    public void Dispose()
    {
        _presses.Dispose();
        _declined.Dispose();
    }

    /// <param name="reaction">like or dislike, and the answer it is about: by turn id (Web Chat) or by the reply's activity id (Teams).</param>
    /// <remarks>
    /// Only an answer the bot remembers giving in this conversation can be liked or disliked: a turn id it
    /// issued, or the id the channel gave its reply. Anything else a client sends is ignored, not stored.
    /// </remarks>
    public async Task<FeedbackOutcome> RecordAsync(FeedbackSource source, (string? Reaction, string? TurnId) reaction, string? comment, CancellationToken cancellationToken, string? replyId = null)
    {
        var (conversationKey, conversationId, channelId) = source;
        if (reaction.Reaction is null)
        {
            LogUnreadable(logger, conversationId);
            return FeedbackOutcome.Ignored;
        }
        using (var lease = _presses.AttemptAcquire(conversationKey))
        {
            if (!lease.IsAcquired)
            {
                LogTooFast(logger, conversationId);
                return FeedbackOutcome.TooFast;
            }
        }
        TurnRecord? turn = null;
        if (reaction.TurnId is not null || replyId is not null)
        {
            IReadOnlyList<TurnRecord> turns;
            try
            {
                turns = await conversations.RecentTurnsAsync(conversationKey, cancellationToken).ConfigureAwait(false);
            }
            catch (ConversationDatabaseUnavailableException)
            {
                turns = [];
            }
            turn = turns.LastOrDefault(t => (reaction.TurnId is not null && t.Id == reaction.TurnId) || (replyId is not null && t.ReplyId == replyId));
        }
        if (turn is null)
        {
            LogUnknownAnswer(logger, conversationId, reaction.Reaction);
            return FeedbackOutcome.Ignored;
        }
        var max = options.Value.MaxCommentLength;
        if (comment?.Length > max)
            comment = comment[..max] + "…";
        var record = new FeedbackRecord(time.GetUtcNow(), conversationId, channelId, reaction.Reaction, comment, turn.Id, turn.Question, turn.Answer);
        await log.AppendAsync(record, cancellationToken).ConfigureAwait(false);
        telemetry.FeedbackGiven(reaction.Reaction, channelId);
        LogRecorded(logger, conversationId, reaction.Reaction);
        return FeedbackOutcome.Recorded;
    }

    /// <summary>
    /// Notes a question the sources did not answer, or answered only with the caveat that they may not answer it
    /// exactly (<paramref name="reaction"/>: <see cref="FeedbackRecord.Declined"/> or
    /// <see cref="FeedbackRecord.AnsweredWithCaveat"/>), for the operator's view. The note is written behind the
    /// reply (<see cref="ShortfallNotes"/>), so the person never waits for it; false when it was not taken.
    /// </summary>
    public bool NoteShortfall(FeedbackSource source, string? question, string answer, string reaction = FeedbackRecord.Declined)
    {
        var conversationId = source.ConversationId;
        // Bounded per conversation and in all: a flood of off-topic questions is noted up to a rate, not kept whole.
        using (var lease = _declined.AttemptAcquire(source.ConversationKey))
        {
            if (!lease.IsAcquired)
            {
                LogDeclinedNotNoted(logger, conversationId);
                return false;
            }
        }
        if (question?.Length > options.Value.MaxCommentLength)
            question = question[..options.Value.MaxCommentLength] + "…";
        return shortfallNotes.TryNote(new FeedbackRecord(time.GetUtcNow(), conversationId, source.ChannelId, reaction, null, null, question, answer));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Conversation {ConversationId}: questions the sources fall short on are arriving faster than they are noted; this one was not")]
    static partial void LogDeclinedNotNoted(ILogger logger, string conversationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId}: recorded a {Reaction}")]
    static partial void LogRecorded(ILogger logger, string conversationId, string reaction);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: a {Reaction} named no answer the bot remembers giving here; ignored")]
    static partial void LogUnknownAnswer(ILogger logger, string conversationId, string reaction);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: feedback pressed faster than it is taken; refused")]
    static partial void LogTooFast(ILogger logger, string conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: a feedback activity said neither like nor dislike; ignored")]
    static partial void LogUnreadable(ILogger logger, string conversationId);
}

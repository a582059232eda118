using System.Text;
using System.Text.Json;
using Bot.Storage;
using Microsoft.Extensions.Options;

namespace Bot.Conversations;

/// <summary>
/// A person's like or dislike of one answer, with the question and answer it was about where the bot still
/// remembers them; or, with <see cref="FeedbackRecord.Declined"/> as its reaction, a question the bot could not
/// answer from its sources. Together they show an operator where the sources fall short.
/// </summary>
public sealed record FeedbackRecord(
    DateTimeOffset At,
    string ConversationId,
    string? ChannelId,
    string Reaction,
    string? Comment,
    string? TurnId,
    string? Question,
    string? Answer)
{
    /// <summary>The reaction of a record the bot wrote itself: it found no answer to the question.</summary>
    public const string Declined = "declined";
}

/// <summary>Where feedback is kept for an operator to read: a JSON-lines file, or the shared database.</summary>
public interface IFeedbackLog
{
    ValueTask AppendAsync(FeedbackRecord record, CancellationToken cancellationToken);

    /// <summary>The records since a moment, newest first, at most <paramref name="limit"/>.</summary>
    ValueTask<IReadOnlyList<FeedbackRecord>> ReadAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken);
}

public sealed class FeedbackOptions
{
    public const string Section = "Feedback";

    /// <summary>Likes and dislikes one conversation may record per minute; past it a press is answered 429.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int PerMinute { get; set; } = 20;

    /// <summary>The longest comment kept with a dislike, in characters; a longer one is cut there.</summary>
    [System.ComponentModel.DataAnnotations.Range(10, 100_000)]
    public int MaxCommentLength { get; set; } = 1_000;

    /// <summary>The JSON-lines file feedback is appended to; by default <c>feedback/feedback.jsonl</c> beside the app.</summary>
    public string? Path { get; set; }

    public string ResolvePath() => System.IO.Path.GetFullPath(Path ?? System.IO.Path.Combine(AppContext.BaseDirectory, "feedback", "feedback.jsonl"));
}

/// <summary>One JSON object per line, appended and flushed per record, so a crash loses at most the record being written and any tool can read it.</summary>
public sealed class JsonLinesFeedbackLog(IOptions<FeedbackOptions> options) : IFeedbackLog, IDisposable
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    readonly string _path = options.Value.ResolvePath();
    readonly SemaphoreSlim _writing = new(1, 1);

    public string FilePath => _path;

    public async ValueTask AppendAsync(FeedbackRecord record, CancellationToken cancellationToken)
    {
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, Json) + "\n");
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_path)!);
            await using var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
            await file.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }

    public async ValueTask<IReadOnlyList<FeedbackRecord>> ReadAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
            return [];
        var records = new List<FeedbackRecord>();
        await using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(file, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            FeedbackRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<FeedbackRecord>(line, Json);
            }
            catch (JsonException)
            {
                // A line cut short by a crash, or written by hand: the rest still count.
                continue;
            }
            if (record is not null && record.At >= since)
                records.Add(record);
        }
        return [.. records.OrderByDescending(r => r.At).Take(limit)];
    }

    public void Dispose() => _writing.Dispose();
}

/// <summary>Where a reaction or a declined question came from: the conversation's memory key, its id as the channel knows it, and the channel.</summary>
public readonly record struct FeedbackSource(string ConversationKey, string ConversationId, string? ChannelId);

/// <summary>Turns a reaction from any channel into a feedback record, finding the question and answer it refers to.</summary>
/// <summary>What became of a like or dislike.</summary>
public enum FeedbackOutcome
{
    Recorded,

    /// <summary>It named no answer the bot remembers giving in this conversation, or no reaction: not recorded.</summary>
    Ignored,

    /// <summary>The conversation is pressing faster than feedback is taken: not recorded, and the caller says 429.</summary>
    TooFast,
}

public sealed partial class FeedbackRecorder(
    IConversationStore conversations,
    IFeedbackLog log,
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

    public void Dispose() => _presses.Dispose();

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
    /// Notes a question the sources did not answer, for the operator's view. Called after the reply is sent,
    /// so the person never waits for it; a log that cannot be written is logged, and the turn goes on.
    /// </summary>
    public async Task RecordDeclinedAsync(FeedbackSource source, string? question, string answer, CancellationToken cancellationToken)
    {
        var conversationId = source.ConversationId;
        try
        {
            await log.AppendAsync(new FeedbackRecord(time.GetUtcNow(), conversationId, source.ChannelId, FeedbackRecord.Declined, null, null, question, answer), cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            LogNotRecorded(logger, conversationId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: the declined question could not be noted for the operator: {Reason}")]
    static partial void LogNotRecorded(ILogger logger, string conversationId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId}: recorded a {Reaction}")]
    static partial void LogRecorded(ILogger logger, string conversationId, string reaction);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: a {Reaction} named no answer the bot remembers giving here; ignored")]
    static partial void LogUnknownAnswer(ILogger logger, string conversationId, string reaction);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: feedback pressed faster than it is taken; refused")]
    static partial void LogTooFast(ILogger logger, string conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: a feedback activity said neither like nor dislike; ignored")]
    static partial void LogUnreadable(ILogger logger, string conversationId);
}

/// <summary>
/// Feedback in the shared database, beside the conversations it is about, so an operator reads one table
/// whichever instance took the press. While the database is down a press goes to the local file instead,
/// so nobody's feedback is lost to an outage.
/// </summary>
public sealed partial class PostgresFeedbackLog(ConversationDatabase database, JsonLinesFeedbackLog fallback, ILogger<PostgresFeedbackLog> logger) : IFeedbackLog
{
    public async ValueTask AppendAsync(FeedbackRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await database.RunAsync("record the feedback", record.ConversationId, async (connection, token) =>
            {
                await using var command = ConversationDatabase.Command(
                    connection,
                    """
                    INSERT INTO bot_feedback (at, conversation_id, channel_id, reaction, comment, turn_id, question, answer)
                    VALUES (@at, @conversation, @channel, @reaction, @comment, @turn, @question, @answer)
                    """,
                    ("at", record.At), ("conversation", record.ConversationId), ("channel", record.ChannelId), ("reaction", record.Reaction),
                    ("comment", record.Comment), ("turn", record.TurnId), ("question", record.Question), ("answer", record.Answer));
                await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConversationDatabaseUnavailableException)
        {
            await fallback.AppendAsync(record, cancellationToken).ConfigureAwait(false);
            LogKeptLocally(logger, record.ConversationId, fallback.FilePath);
        }
    }

    public async ValueTask<IReadOnlyList<FeedbackRecord>> ReadAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken) =>
        await database.RunAsync("read the feedback", "operator", async (connection, token) =>
        {
            await using var command = ConversationDatabase.Command(
                connection,
                """
                SELECT at, conversation_id, channel_id, reaction, comment, turn_id, question, answer
                FROM bot_feedback WHERE at >= @since ORDER BY at DESC LIMIT @limit
                """,
                ("since", since), ("limit", limit));
            var records = new List<FeedbackRecord>();
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                records.Add(new FeedbackRecord(
                    reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
            }
            return (IReadOnlyList<FeedbackRecord>)records;
        }, cancellationToken).ConfigureAwait(false);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: feedback kept in {Path} until the database is back; it is not copied there later")]
    static partial void LogKeptLocally(ILogger logger, string conversationId, string path);
}

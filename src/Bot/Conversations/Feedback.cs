using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Conversations;

/// <summary>A person's like or dislike of one answer, with the question and answer it was about where the bot still remembers them.</summary>
public sealed record FeedbackRecord(
    DateTimeOffset At,
    string ConversationId,
    string? ChannelId,
    string Reaction,
    string? Comment,
    string? TurnId,
    string? Question,
    string? Answer);

/// <summary>Where feedback is kept for an operator to read. A seam: a JSON-lines file today, a database later.</summary>
public interface IFeedbackLog
{
    ValueTask AppendAsync(FeedbackRecord record, CancellationToken cancellationToken);
}

public sealed class FeedbackOptions
{
    public const string Section = "Feedback";

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

    public void Dispose() => _writing.Dispose();
}

/// <summary>Turns a reaction from any channel into a feedback record, finding the question and answer it refers to.</summary>
public sealed partial class FeedbackRecorder(IConversationStore conversations, IFeedbackLog log, TimeProvider time, Bot.Telemetry.BotTelemetry telemetry, ILogger<FeedbackRecorder> logger)
{
    /// <param name="reaction">like or dislike, and the answer it is about: by turn id (Web Chat) or by the reply's activity id (Teams).</param>
    public async Task RecordAsync(Channels.Activity activity, (string? Reaction, string? TurnId) reaction, string? comment, CancellationToken cancellationToken, string? replyId = null)
    {
        var conversationId = activity.Conversation?.Id ?? "";
        if (reaction.Reaction is null)
        {
            LogUnreadable(logger, conversationId);
            return;
        }
        TurnRecord? turn = null;
        if (reaction.TurnId is not null || replyId is not null)
        {
            IReadOnlyList<TurnRecord> turns;
            try
            {
                turns = await conversations.RecentTurnsAsync(conversationId, cancellationToken).ConfigureAwait(false);
            }
            catch (ConversationDatabaseUnavailableException)
            {
                turns = [];
            }
            turn = turns.LastOrDefault(t => (reaction.TurnId is not null && t.Id == reaction.TurnId) || (replyId is not null && t.ReplyId == replyId));
        }
        var record = new FeedbackRecord(
            time.GetUtcNow(), conversationId, activity.ChannelId, reaction.Reaction, comment, reaction.TurnId ?? turn?.Id, turn?.Question, turn?.Answer);
        await log.AppendAsync(record, cancellationToken).ConfigureAwait(false);
        telemetry.FeedbackGiven(reaction.Reaction, activity.ChannelId);
        LogRecorded(logger, conversationId, reaction.Reaction, turn is not null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId}: recorded a {Reaction} (answer found: {Found})")]
    static partial void LogRecorded(ILogger logger, string conversationId, string reaction, bool found);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: feedback kept in {Path} until the database is back; it is not copied there later")]
    static partial void LogKeptLocally(ILogger logger, string conversationId, string path);
}

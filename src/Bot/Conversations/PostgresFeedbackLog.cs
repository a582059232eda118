using Bot.Storage;

namespace Bot.Conversations;

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

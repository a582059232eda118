using System.Globalization;
using System.Text.Json;
using Bot.BotFramework;
using Bot.Storage;
using Microsoft.Extensions.Options;
using NpgsqlTypes;

namespace Bot.Channels.DirectLine;

/// <summary>
/// Web chat streams in the shared database, so a chat started on one instance can be polled from another.
/// A conversation's row holds the last sequence number given out; appending bumps it under the row's lock
/// and stores the activity under the new number in one statement. Numbers are therefore given out, and
/// committed, in order for each conversation, whichever instance appends, and a watermark never goes back.
/// Failures reach the caller as <see cref="ConversationDatabaseUnavailableException"/>: a stream that cannot
/// be read cannot be answered from memory.
/// </summary>
public sealed class PostgresDirectLineStore(ConversationDatabase database, IOptions<DirectLineOptions> options, TimeProvider time) : IDirectLineStore, IExpiringRows
{
    readonly DirectLineOptions _options = options.Value;

    public ValueTask<bool> StartAsync(string conversationId, CancellationToken cancellationToken) =>
        database.RunAsync("start the web chat", conversationId, async (connection, token) =>
        {
            var now = time.GetUtcNow();
            await using var transaction = await connection.BeginTransactionAsync(token).ConfigureAwait(false);
            await using var insert = ConversationDatabase.Command(
                connection,
                "INSERT INTO bot_webchat_conversations (id, last_sequence, last_active) VALUES (@id, 0, @now) ON CONFLICT (id) DO NOTHING",
                ("id", conversationId), ("now", now));
            var started = await insert.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
            if (!started)
            {
                // A second start is a reconnect, unless the conversation had expired: then it begins a fresh stream,
                // its numbering carried on so that no watermark a client still holds goes back.
                await using var touch = ConversationDatabase.Command(
                    connection,
                    """
                    WITH previous AS (SELECT last_active FROM bot_webchat_conversations WHERE id = @id FOR UPDATE)
                    UPDATE bot_webchat_conversations c SET last_active = @now FROM previous
                    WHERE c.id = @id
                    RETURNING previous.last_active <= @cutoff
                    """,
                    ("id", conversationId), ("now", now), ("cutoff", Cutoff()));
                if (await touch.ExecuteScalarAsync(token).ConfigureAwait(false) is true)
                {
                    started = true;
                    await using var clear = ConversationDatabase.Command(connection, "DELETE FROM bot_webchat_activities WHERE conversation_id = @id", ("id", conversationId));
                    await clear.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }
            }
            await transaction.CommitAsync(token).ConfigureAwait(false);
            return started;
        }, cancellationToken);

    public ValueTask<bool> ExistsAsync(string conversationId, CancellationToken cancellationToken) =>
        database.RunAsync("find the web chat", conversationId, async (connection, token) =>
        {
            await using var command = ConversationDatabase.Command(
                connection,
                "SELECT EXISTS (SELECT 1 FROM bot_webchat_conversations WHERE id = @id AND last_active > @cutoff)",
                ("id", conversationId), ("cutoff", Cutoff()));
            return await command.ExecuteScalarAsync(token).ConfigureAwait(false) is true;
        }, cancellationToken);

    public ValueTask<Activity?> AppendAsync(string conversationId, Activity activity, CancellationToken cancellationToken) =>
        database.RunAsync("add to the web chat", conversationId, async (connection, token) =>
        {
            // The id comes from the sequence number, so it is not stored: the activity is stored without it.
            activity.Id = null;
            var json = JsonSerializer.Serialize(activity, ActivityJson.Options);
            var now = time.GetUtcNow();
            // A visitor's message is owed an answer; the answer, stored in the same batch, settles the debt.
            DateTimeOffset? answerDue = activity.Type == ActivityTypes.Message && activity.From?.Role == "user" ? now + _options.UnansweredAfter : null;
            await using var batch = new Npgsql.NpgsqlBatch(connection);
            batch.BatchCommands.Add(ConversationDatabase.Statement(
                """
                WITH numbered AS (
                    UPDATE bot_webchat_conversations SET last_sequence = last_sequence + 1, last_active = @now
                    WHERE id = @id AND last_active > @cutoff
                    RETURNING last_sequence)
                INSERT INTO bot_webchat_activities (conversation_id, sequence, activity, answer_due)
                SELECT @id, last_sequence, @activity, @due FROM numbered
                RETURNING sequence
                """,
                ("id", conversationId), ("now", now), ("cutoff", Cutoff()),
                ("activity", new Npgsql.NpgsqlParameter { Value = json, NpgsqlDbType = NpgsqlDbType.Jsonb }),
                ("due", new Npgsql.NpgsqlParameter { Value = (object?)answerDue ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz })));
            if (activity.Type == ActivityTypes.Message && SequenceOf(conversationId, activity.ReplyToId) is { } answered)
            {
                batch.BatchCommands.Add(ConversationDatabase.Statement(
                    "UPDATE bot_webchat_activities SET answer_due = NULL WHERE conversation_id = @id AND sequence = @answered AND answer_due IS NOT NULL",
                    ("id", conversationId), ("answered", answered)));
            }
            batch.BatchCommands.Add(ConversationDatabase.Statement(
                "DELETE FROM bot_webchat_activities WHERE conversation_id = @id AND sequence <= (SELECT last_sequence FROM bot_webchat_conversations WHERE id = @id) - @kept",
                ("id", conversationId), ("kept", _options.ActivitiesKept)));
            var sequence = await batch.ExecuteScalarAsync(token).ConfigureAwait(false);
            if (sequence is not long number)
                return null;
            activity.Id = ActivityId(conversationId, number);
            return activity;
        }, cancellationToken);

    public ValueTask<ActivityPage?> ReadAsync(string conversationId, long? afterWatermark, CancellationToken cancellationToken) =>
        database.RunAsync("read the web chat", conversationId, async (connection, token) =>
        {
            var now = time.GetUtcNow();
            await using var batch = new Npgsql.NpgsqlBatch(connection);
            batch.BatchCommands.Add(ConversationDatabase.Statement(
                "SELECT last_sequence FROM bot_webchat_conversations WHERE id = @id AND last_active > @cutoff",
                ("id", conversationId), ("cutoff", Cutoff())));
            batch.BatchCommands.Add(ConversationDatabase.Statement(
                "SELECT sequence, activity::text FROM bot_webchat_activities WHERE conversation_id = @id AND sequence > @after ORDER BY sequence",
                ("id", conversationId), ("after", afterWatermark ?? 0)));
            // A poll keeps the conversation alive, but every second poll need not write: a minute's precision will do.
            batch.BatchCommands.Add(ConversationDatabase.Statement(
                "UPDATE bot_webchat_conversations SET last_active = @now WHERE id = @id AND last_active > @cutoff AND last_active < @stale",
                ("id", conversationId), ("now", now), ("cutoff", Cutoff()), ("stale", now - TimeSpan.FromMinutes(1))));
            await using var reader = await batch.ExecuteReaderAsync(token).ConfigureAwait(false);
            if (!await reader.ReadAsync(token).ConfigureAwait(false))
                return null;
            var last = reader.GetInt64(0);
            await reader.NextResultAsync(token).ConfigureAwait(false);
            var page = new List<Activity>();
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                var sequence = reader.GetInt64(0);
                var activity = JsonSerializer.Deserialize<Activity>(reader.GetString(1), ActivityJson.Options)!;
                activity.Id = ActivityId(conversationId, sequence);
                page.Add(activity);
                // Appends commit in sequence order, so whatever this read saw, everything before it was there too.
                last = Math.Max(last, sequence);
            }
            var watermark = Math.Max(afterWatermark ?? 0, last);
            return (ActivityPage?)new ActivityPage(page, watermark.ToString(CultureInfo.InvariantCulture));
        }, cancellationToken);

    /// <summary>
    /// Takes over visitors' messages still unanswered past <see cref="DirectLineOptions.UnansweredAfter"/>: the
    /// instance that took each stopped mid-turn. Each is due again one period later, so that should this
    /// instance stop as well, another takes it; after <see cref="AnswerAttempts"/> tries it is left, since a
    /// message that stops every instance that answers it must not go round them all for ever. Rows another
    /// instance is taking at the same moment are skipped, not waited for.
    /// </summary>
    public ValueTask<IReadOnlyList<Activity>> TakeUnansweredAsync(int max, CancellationToken cancellationToken) =>
        database.RunAsync("take over unanswered messages", "(unanswered)", async (connection, token) =>
        {
            var now = time.GetUtcNow();
            await using var command = ConversationDatabase.Command(
                connection,
                """
                UPDATE bot_webchat_activities a SET answer_due = @next, answer_attempts = a.answer_attempts + 1
                FROM (
                    SELECT w.conversation_id, w.sequence FROM bot_webchat_activities w
                    JOIN bot_webchat_conversations c ON c.id = w.conversation_id
                    WHERE w.answer_due <= @now AND w.answer_attempts < @attempts AND c.last_active > @cutoff
                    ORDER BY w.answer_due, w.conversation_id, w.sequence
                    LIMIT @max
                    FOR UPDATE OF w SKIP LOCKED) due
                WHERE a.conversation_id = due.conversation_id AND a.sequence = due.sequence
                RETURNING a.conversation_id, a.sequence, a.activity::text
                """,
                ("next", now + _options.UnansweredAfter), ("now", now), ("attempts", AnswerAttempts), ("cutoff", Cutoff()), ("max", max));
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            var taken = new List<Activity>();
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                var activity = JsonSerializer.Deserialize<Activity>(reader.GetString(2), ActivityJson.Options)!;
                activity.Id = ActivityId(reader.GetString(0), reader.GetInt64(1));
                taken.Add(activity);
            }
            return (IReadOnlyList<Activity>)taken;
        }, cancellationToken);

    /// <summary>How many times a message is taken over before it is left unanswered.</summary>
    public const int AnswerAttempts = 3;

    /// <summary>Deletes web chats idle past their expiry, with their activities; returns how many.</summary>
    public string Name => "web chats";

    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken) =>
        await database.DeleteIdleAsync("bot_webchat_conversations", Cutoff(), cancellationToken).ConfigureAwait(false);

    DateTimeOffset Cutoff() => time.GetUtcNow() - _options.IdleExpiry;

    static string ActivityId(string conversationId, long sequence) => InMemoryDirectLineStore.ActivityId(conversationId, sequence);

    /// <summary>The sequence number in an id of this conversation's stream; null for any other id.</summary>
    static long? SequenceOf(string conversationId, string? activityId) =>
        activityId is not null
        && activityId.Length > conversationId.Length + 1
        && activityId.StartsWith(conversationId, StringComparison.Ordinal)
        && activityId[conversationId.Length] == '|'
        && long.TryParse(activityId.AsSpan(conversationId.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : null;
}

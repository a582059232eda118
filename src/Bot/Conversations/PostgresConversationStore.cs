using System.Text.Json;
using Bot.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Bot.Conversations;

/// <summary>
/// Conversations in the shared database, so a follow-up finds its context on whichever instance it lands,
/// and after a restart. Each conversation's row counts its turns: adding a turn bumps the count under the
/// row's lock and stores the turn under the new number, in one statement, so two turns arriving at two
/// instances at once are both kept, in the order they committed.
/// </summary>
public sealed class PostgresConversationStore(ConversationDatabase database, IOptions<ConversationOptions> options, TimeProvider time) : IConversationStore, IExpiringRows
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    readonly ConversationOptions _options = options.Value;

    public ValueTask<IReadOnlyList<TurnRecord>> RecentTurnsAsync(string conversationId, CancellationToken cancellationToken) =>
        database.RunAsync<IReadOnlyList<TurnRecord>>("read the conversation", conversationId, async (connection, token) =>
        {
            await using var command = ConversationDatabase.Command(
                connection,
                """
                SELECT t.record, t.reply_id
                FROM bot_turns t JOIN bot_conversations c ON c.id = t.conversation_id
                WHERE c.id = @id AND c.last_active > @cutoff
                ORDER BY t.turn DESC
                LIMIT @kept
                """,
                ("id", conversationId), ("cutoff", Cutoff()), ("kept", _options.TurnsKept));
            var turns = new List<TurnRecord>();
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            while (await reader.ReadAsync(token).ConfigureAwait(false))
            {
                var turn = JsonSerializer.Deserialize<TurnRecord>(reader.GetString(0), Json)!;
                turns.Add(turn with { ReplyId = reader.IsDBNull(1) ? null : reader.GetString(1) });
            }
            turns.Reverse();
            return turns;
        }, cancellationToken);

    public ValueTask AppendAsync(string conversationId, TurnRecord turn, CancellationToken cancellationToken) =>
        database.RunAsync("remember the turn", conversationId, async (connection, token) =>
        {
            var now = time.GetUtcNow();
            await using var batch = new NpgsqlBatch(connection);
            // An expired conversation starts afresh: what it said an hour ago is not this question's context.
            batch.BatchCommands.Add(ConversationDatabase.Statement(
                """
                DELETE FROM bot_turns t USING bot_conversations c
                WHERE c.id = @id AND t.conversation_id = c.id AND c.last_active <= @cutoff
                """,
                ("id", conversationId), ("cutoff", Cutoff())));
            // Retried after a broken connection, the same turn id is not stored twice.
            batch.BatchCommands.Add(ConversationDatabase.Statement(
                """
                WITH counted AS (
                    INSERT INTO bot_conversations AS c (id, last_turn, last_active) VALUES (@id, 1, @now)
                    ON CONFLICT (id) DO UPDATE SET last_turn = c.last_turn + 1, last_active = @now
                    RETURNING last_turn)
                INSERT INTO bot_turns (conversation_id, turn, turn_id, at, record)
                SELECT @id, last_turn, @turn_id, @now, @record FROM counted
                ON CONFLICT (conversation_id, turn_id) DO NOTHING
                """,
                ("id", conversationId), ("now", now), ("turn_id", turn.Id ?? Guid.NewGuid().ToString("N")),
                ("record", new NpgsqlParameter { Value = JsonSerializer.Serialize(turn with { ReplyId = null }, Json), NpgsqlDbType = NpgsqlDbType.Jsonb })));
            batch.BatchCommands.Add(ConversationDatabase.Statement(
                "DELETE FROM bot_turns WHERE conversation_id = @id AND turn <= (SELECT last_turn FROM bot_conversations WHERE id = @id) - @kept",
                ("id", conversationId), ("kept", _options.TurnsKept)));
            await batch.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, cancellationToken);

    public ValueTask RecordReplyIdAsync(string conversationId, string turnId, string replyId, CancellationToken cancellationToken) =>
        database.RunAsync("note the reply's id", conversationId, async (connection, token) =>
        {
            await using var command = ConversationDatabase.Command(
                connection,
                "UPDATE bot_turns SET reply_id = @reply WHERE conversation_id = @id AND turn_id = @turn",
                ("id", conversationId), ("turn", turnId), ("reply", replyId));
            await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Deletes conversations idle past their expiry, with their turns; returns how many.</summary>
    public string Name => "conversations";

    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken) =>
        await database.DeleteIdleAsync("bot_conversations", Cutoff(), cancellationToken).ConfigureAwait(false);

    DateTimeOffset Cutoff() => time.GetUtcNow() - _options.IdleExpiry;
}

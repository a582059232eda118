using Npgsql;

namespace Bot.Storage;

/// <summary>
/// The shared database's tables, as numbered steps. A step, once released, never changes: a later change
/// is a new step at the end, so every database moves forward the same way from wherever it is.
/// </summary>
public static class ConversationSchema
{
    /// <summary>Any fixed number: instances migrating at once queue on it.</summary>
    const long MigrationLock = 0x4A52_4254; // "JRBT"

    static readonly string[] Steps =
    [
        // 1: conversations and their recent turns; web chat streams; feedback; the token key ring.
        """
        CREATE TABLE bot_conversations (
            id          text PRIMARY KEY,
            last_turn   bigint NOT NULL,
            last_active timestamptz NOT NULL
        );
        CREATE INDEX bot_conversations_last_active ON bot_conversations (last_active);
        CREATE TABLE bot_turns (
            conversation_id text NOT NULL REFERENCES bot_conversations (id) ON DELETE CASCADE,
            turn            bigint NOT NULL,
            turn_id         text NOT NULL,
            reply_id        text,
            at              timestamptz NOT NULL,
            record          jsonb NOT NULL,
            PRIMARY KEY (conversation_id, turn),
            UNIQUE (conversation_id, turn_id)
        );
        CREATE TABLE bot_webchat_conversations (
            id            text PRIMARY KEY,
            last_sequence bigint NOT NULL,
            last_active   timestamptz NOT NULL
        );
        CREATE INDEX bot_webchat_conversations_last_active ON bot_webchat_conversations (last_active);
        CREATE TABLE bot_webchat_activities (
            conversation_id text NOT NULL REFERENCES bot_webchat_conversations (id) ON DELETE CASCADE,
            sequence        bigint NOT NULL,
            activity        jsonb NOT NULL,
            PRIMARY KEY (conversation_id, sequence)
        );
        CREATE TABLE bot_feedback (
            id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at              timestamptz NOT NULL,
            conversation_id text NOT NULL,
            channel_id      text,
            reaction        text NOT NULL,
            comment         text,
            turn_id         text,
            question        text,
            answer          text
        );
        CREATE TABLE bot_key_ring (
            name text PRIMARY KEY,
            xml  text NOT NULL
        );
        """,
        // 2: when a visitor's message must have been answered by, so another instance can take it over.
        """
        ALTER TABLE bot_webchat_activities
            ADD COLUMN answer_due timestamptz,
            ADD COLUMN answer_attempts int NOT NULL DEFAULT 0;
        CREATE INDEX bot_webchat_activities_answer_due ON bot_webchat_activities (answer_due) WHERE answer_due IS NOT NULL;
        """,
        // 3: the operator's view reads feedback and declined questions by time.
        """
        CREATE INDEX bot_feedback_at ON bot_feedback (at);
        """,
    ];

    /// <summary>The version a database is at once every step has run.</summary>
    public static int Version => Steps.Length;

    /// <summary>Runs the steps the database has not had yet, in one transaction; returns how many ran.</summary>
    public static async Task<int> MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await Execute(connection, $"SELECT pg_advisory_xact_lock({MigrationLock})", cancellationToken).ConfigureAwait(false);
        await Execute(connection, "CREATE TABLE IF NOT EXISTS bot_schema (version int NOT NULL)", cancellationToken).ConfigureAwait(false);
        await using var read = new NpgsqlCommand("SELECT max(version) FROM bot_schema", connection);
        var current = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int version ? version : 0;
        // A newer bot got here first (a rolling deployment): steps only add, so this one carries on.
        if (current >= Steps.Length)
            return 0;
        for (var step = current; step < Steps.Length; step++)
            await Execute(connection, Steps[step], cancellationToken).ConfigureAwait(false);
        await Execute(connection, "DELETE FROM bot_schema", cancellationToken).ConfigureAwait(false);
        await Execute(connection, $"INSERT INTO bot_schema (version) VALUES ({Steps.Length})", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return Steps.Length - current;
    }

    static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Bot.Storage;

/// <summary>
/// The PostgreSQL database that several instances share for conversations, web chat streams, feedback and
/// the token key ring. Every call is bounded in time, retried once when a pooled connection turned out to
/// be dead (after a database restart), and skipped for a while after repeated failures, so a database that
/// is down costs turns their context, not their answers. The schema is brought up to date on first use
/// rather than at start-up, so a bot that starts while the database is down still starts.
/// </summary>
public sealed partial class ConversationDatabase : IAsyncDisposable
{
    readonly NpgsqlDataSource _dataSource;
    readonly ConversationDatabaseOptions _options;
    readonly TimeProvider _time;
    readonly ILogger<ConversationDatabase> _logger;
    readonly ResiliencePipeline _pipeline;
    readonly SemaphoreSlim _migrating = new(1, 1);
    volatile bool _schemaReady;

    public ConversationDatabase(IOptions<ConversationDatabaseOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        _options = options.Value;
        _time = time;
        _logger = loggers.CreateLogger<ConversationDatabase>();
        var connection = new NpgsqlConnectionStringBuilder(_options.ConnectionString);
        // Npgsql's own limits back up the turn's cancellation; an operator's explicit values are kept.
        var seconds = Math.Max(1, (int)Math.Ceiling(_options.Timeout.TotalSeconds));
        if (!HasSetting(_options.ConnectionString!, "Timeout"))
            connection.Timeout = seconds;
        if (!HasSetting(_options.ConnectionString!, "Command Timeout") && !HasSetting(_options.ConnectionString!, "CommandTimeout"))
            connection.CommandTimeout = seconds;
        var builder = new NpgsqlDataSourceBuilder(connection.ConnectionString);
        builder.UseLoggerFactory(loggers);
        _dataSource = builder.Build();

        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 3,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = _options.PauseAfterFailures,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsDatabaseFault),
                OnOpened = args =>
                {
                    var seconds = args.BreakDuration.TotalSeconds;
                    LogPaused(_logger, seconds, Describe(args.Outcome.Exception));
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    LogResumed(_logger);
                    return ValueTask.CompletedTask;
                },
            })
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 1,
                Delay = TimeSpan.Zero,
                // Only a connection that broke: after a restart the pool still holds connections to the old server.
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsBrokenConnection),
                OnRetry = _ =>
                {
                    _dataSource.Clear();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>The server's address, for logs: never the password.</summary>
    public string Describe()
    {
        var connection = new NpgsqlConnectionStringBuilder(_options.ConnectionString);
        return $"{connection.Host}:{connection.Port}/{connection.Database}";
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a connection, within the time limit, with the schema in place. Every
    /// failure is logged with the conversation and comes back as <see cref="ConversationDatabaseUnavailableException"/>;
    /// only the caller's own cancellation passes through as itself.
    /// </summary>
    public async ValueTask<T> RunAsync<T>(string operation, string conversationId, Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            return await _pipeline.ExecuteAsync(
                async token =>
                {
                    var attempt = AttemptAsync(work, token);
                    try
                    {
                        return await attempt.WaitAsync(token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!attempt.IsCompleted)
                    {
                        Abandon(attempt);
                        throw;
                    }
                },
                linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (BrokenCircuitException e)
        {
            LogSkipped(_logger, conversationId, operation);
            throw new ConversationDatabaseUnavailableException("The conversation database is paused after repeated failures.", e);
        }
        catch (Exception e) when (IsDatabaseFault(e))
        {
            var reason = limit.IsCancellationRequested ? $"no answer within {_options.Timeout.TotalMilliseconds:F0} ms" : Describe(e);
            LogFailed(_logger, conversationId, operation, reason);
            throw new ConversationDatabaseUnavailableException($"The conversation database failed to {operation}: {reason}", e);
        }
    }

    async Task<T> AttemptAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await work(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Leaves an attempt the caller has stopped waiting for to end by itself. Npgsql does not give up opening a
    /// connection to a server that accepted it and then went silent when asked to, only at its own Timeout (which
    /// follows <see cref="ConversationDatabaseOptions.Timeout"/> unless the operator set one), so the turn does not
    /// wait for it; the attempt still closes what it opened, and its failure is observed here rather than lost.
    /// </summary>
    static void Abandon(Task attempt) =>
        attempt.ContinueWith(
            static finished => _ = finished.Exception,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    public async ValueTask RunAsync(string operation, string conversationId, Func<NpgsqlConnection, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        await RunAsync(
            operation,
            conversationId,
            async (connection, token) =>
            {
                await work(connection, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Creates or migrates the schema once per process. Under a transaction-scoped advisory lock, so
    /// instances that start together take turns, and each step runs once whoever gets there first.
    /// </summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
            return;
        await _migrating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady)
                return;
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var applied = await ConversationSchema.MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
            var server = Describe();
            LogSchemaReady(_logger, server, ConversationSchema.Version, applied);
            _schemaReady = true;
        }
        finally
        {
            _migrating.Release();
        }
    }

    /// <summary>Deletes a table's conversations idle since the cutoff, and with them (by cascade) what they held; returns how many.</summary>
    internal ValueTask<int> DeleteIdleAsync(string table, DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        RunAsync($"delete expired rows of {table}", "(sweep)", async (connection, token) =>
        {
            await using var command = Command(connection, $"DELETE FROM {table} WHERE last_active <= @cutoff", ("cutoff", cutoff));
            return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>A transaction-free command on an open connection, with its parameters.</summary>
    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>One statement of a batch, with its parameters; an <see cref="NpgsqlParameter"/> value brings its own type (jsonb).</summary>
    public static NpgsqlBatchCommand Statement(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            if (value is NpgsqlParameter parameter)
            {
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }
            else
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }
        }
        return command;
    }

    /// <summary>Whether Npgsql can read the connection string, so a typo stops start-up with a message rather than the first turn.</summary>
    public static bool IsReadable(string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    static bool HasSetting(string connectionString, string key) =>
        connectionString.Split(';').Any(part => part.Split('=')[0].Trim().Equals(key, StringComparison.OrdinalIgnoreCase));

    static bool IsDatabaseFault(Exception e) =>
        e is NpgsqlException or SocketException or IOException or TimeoutException or OperationCanceledException;

    static bool IsBrokenConnection(Exception e) =>
        e is NpgsqlException { IsTransient: true } or IOException or SocketException
        || e is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow };

    static string Describe(Exception? e) => e switch
    {
        null => "unknown",
        PostgresException p => $"{p.SqlState} {p.MessageText}",
        NpgsqlException { InnerException: SocketException s } => $"no connection ({s.SocketErrorCode})",
        NpgsqlException { InnerException: TimeoutException } or TimeoutException => "timed out",
        OperationCanceledException => "timed out",
        _ => e.Message,
    };

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _migrating.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation database {Server}: schema at version {Version} ({Applied} steps applied now)")]
    static partial void LogSchemaReady(ILogger logger, string server, int version, int applied);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: the conversation database could not {Operation}: {Reason}")]
    static partial void LogFailed(ILogger logger, string conversationId, string operation, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Conversation {ConversationId}: skipped the paused conversation database ({Operation})")]
    static partial void LogSkipped(ILogger logger, string conversationId, string operation);

    [LoggerMessage(Level = LogLevel.Error, Message = "The conversation database failed repeatedly ({Reason}); turns go on without their conversation for {Seconds} s, then it is tried again")]
    static partial void LogPaused(ILogger logger, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The conversation database answers again; conversations are remembered")]
    static partial void LogResumed(ILogger logger);
}

using System.Diagnostics;
using Npgsql;

namespace Bot.Tests.Support;

/// <summary>
/// The real PostgreSQL the shared-store tests run against: the one named by <c>BOT_TEST_POSTGRES</c> (which
/// .ci/run starts), or else a throwaway cluster this fixture starts itself with <c>.ci/postgres</c> when
/// PostgreSQL is installed. Each test gets a database of its own. The server can be stopped and started
/// when its folder is known (<c>BOT_TEST_POSTGRES_DIR</c>, or the fixture's own cluster).
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    const string ConnectionVariable = "BOT_TEST_POSTGRES";
    const string FolderVariable = "BOT_TEST_POSTGRES_DIR";

    static string Script => Path.Combine(Repository.Root, ".ci", "postgres");

    /// <summary>Why these tests cannot run here, or null when they can. In CI nothing is skipped: a missing server fails.</summary>
    public static string? Unavailable { get; } =
        Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) || IsInstalled()
            ? null
            : $"No PostgreSQL for the shared-store tests: set {ConnectionVariable} to a connection string, or install PostgreSQL (apt-get install postgresql; the test build does it when run as root) so the tests start a throwaway cluster, or run .ci/run.";

    string _connectionString = "";
    string? _folder;
    bool _ownsCluster;

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } configured)
        {
            _connectionString = configured;
            _folder = Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } folder ? folder : null;
            return;
        }
        _folder = Path.Combine(Path.GetTempPath(), "bot-tests-postgres-" + Guid.NewGuid().ToString("N"));
        _ownsCluster = true;
        _connectionString = (await RunScriptAsync("start")).Trim();
    }

    /// <summary>A new, empty database on the server, for one test.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = "bot_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(_connectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(_connectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Whether this fixture may stop and start the server (it knows the cluster's folder).</summary>
    public bool CanRestart => _folder is not null;

    public Task StopAsync() => RunScriptAsync("stop");

    public async Task StartAsync()
    {
        await RunScriptAsync("start");
        NpgsqlConnection.ClearAllPools();
    }

    public async Task DisposeAsync()
    {
        if (_ownsCluster)
            await RunScriptAsync("destroy");
    }

    async Task<string> RunScriptAsync(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(_folder ?? throw new InvalidOperationException($"Stopping the server needs its folder: set {FolderVariable}."));
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($".ci/postgres {command} failed ({process.ExitCode}): {await error}");
        return await output;
    }

    static bool IsInstalled() =>
        File.Exists("/usr/bin/initdb") || File.Exists("/usr/local/bin/initdb")
        || (Directory.Exists("/usr/lib/postgresql") && Directory.GetFiles("/usr/lib/postgresql", "initdb", SearchOption.AllDirectories).Length > 0);
}

/// <summary>The tests that share one PostgreSQL server run one at a time: one of them stops it.</summary>
[CollectionDefinition(Name)]
public sealed class SharedPostgres : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}

/// <summary>A test against a real PostgreSQL; skipped, with the reason, only where none can be had outside CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.Unavailable is { } reason)
            Skip = reason;
    }
}

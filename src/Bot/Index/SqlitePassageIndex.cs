using System.Collections.Concurrent;
using System.Text;
using Bot.Corpus;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Bot.Index;

/// <summary>
/// The passages in an SQLite FTS5 table: porter stemming over unicode61 for passages and queries alike,
/// bm25 ranking. The file is built when the corpus changes (its content hash is stored with it) and is
/// reused otherwise; a file that is stale, corrupt or unreadable is rebuilt, never fatal.
/// </summary>
public sealed partial class SqlitePassageIndex : IPassageIndex, IDisposable
{
    // Changing the schema or the analysis must invalidate files built by older versions.
    const string SchemaVersion = "fts5-porter-v1";
    const int MaxQueryTerms = 32;

    readonly string _connectionString;
    readonly ConcurrentBag<Searcher> _searchers = [];
    readonly ILogger _logger;

    SqlitePassageIndex(string connectionString, ILogger logger)
    {
        _connectionString = connectionString;
        _logger = logger;
    }

    static SqlitePassageIndex()
    {
        SQLitePCL.Batteries_V2.Init();
    }

    /// <summary>Opens the index file for this corpus, building it first if it is missing, stale or damaged.</summary>
    public static SqlitePassageIndex Open(string path, CorpusSnapshot corpus, ILogger logger)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);

        var problem = Check(fullPath, corpus.ContentHash);
        if (problem is null)
        {
            LogReused(logger, fullPath);
        }
        else
        {
            LogRebuilding(logger, fullPath, problem);
            Build(fullPath, corpus);
        }
        var connectionString = new SqliteConnectionStringBuilder { DataSource = fullPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        return new SqlitePassageIndex(connectionString, logger);
    }

    public IReadOnlyList<SearchHit> Search(string text, int limit)
    {
        var match = ToMatchExpression(text);
        if (match.Length == 0 || limit <= 0)
            return [];

        if (!_searchers.TryTake(out var searcher))
            searcher = new Searcher(_connectionString);
        try
        {
            var hits = searcher.Run(match, limit);
            _searchers.Add(searcher);
            return hits;
        }
        catch (SqliteException e)
        {
            // The expression is made of quoted words only, so this is the file failing, not the query.
            searcher.Dispose();
            LogSearchFailed(_logger, e.SqliteErrorCode, e.Message);
            return [];
        }
    }

    /// <summary>
    /// Turns user text into an FTS5 expression that can only mean "any of these words": every word is a
    /// quoted string, so AND, OR, NEAR, *, column filters and parentheses are searched as words or dropped.
    /// </summary>
    internal static string ToMatchExpression(string text)
    {
        var terms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in Words.Of(text))
        {
            if (seen.Add(word))
                terms.Add(word);
            if (terms.Count == MaxQueryTerms)
                break;
        }
        var expression = new StringBuilder();
        foreach (var term in terms)
        {
            if (expression.Length > 0)
                expression.Append(" OR ");
            // Words hold only letters and digits, but doubling quotes keeps this safe if that ever changes.
            expression.Append('"').Append(term.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        return expression.ToString();
    }

    static string? Check(string path, string contentHash)
    {
        if (!File.Exists(path))
            return "no index file";
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA quick_check";
            var verdict = check.ExecuteScalar() as string;
            if (verdict != "ok")
                return $"integrity check failed: {verdict}";
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT value FROM meta WHERE key = 'corpus'";
            var stored = read.ExecuteScalar() as string;
            return stored == $"{SchemaVersion}:{contentHash}" ? null : "the corpus or the schema changed";
        }
        catch (SqliteException e)
        {
            return $"unreadable index file ({e.Message})";
        }
    }

    static void Build(string path, CorpusSnapshot corpus)
    {
        // Build beside the target and move it into place, so that a reader never sees half an index and a
        // crash mid-build leaves the old file (or none) rather than a broken one.
        var temporary = $"{path}.{Guid.NewGuid():N}.building";
        try
        {
            using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temporary, Pooling = false }.ToString()))
            {
                connection.Open();
                Execute(connection, """
                    PRAGMA journal_mode = OFF;
                    PRAGMA synchronous = OFF;
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE VIRTUAL TABLE passages USING fts5(
                        passage_id UNINDEXED, title, heading, body,
                        tokenize = 'porter unicode61 remove_diacritics 2');
                    """);
                using var transaction = connection.BeginTransaction();
                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO passages (passage_id, title, heading, body) VALUES ($id, $title, $heading, $body)";
                var id = insert.Parameters.Add("$id", SqliteType.Text);
                var title = insert.Parameters.Add("$title", SqliteType.Text);
                var heading = insert.Parameters.Add("$heading", SqliteType.Text);
                var body = insert.Parameters.Add("$body", SqliteType.Text);
                insert.Prepare();
                foreach (var document in corpus.Documents)
                {
                    foreach (var passage in document.Passages)
                    {
                        id.Value = passage.Id;
                        title.Value = document.Title;
                        heading.Value = (object?)passage.Heading ?? DBNull.Value;
                        body.Value = passage.Text;
                        insert.ExecuteNonQuery();
                    }
                }
                using var meta = connection.CreateCommand();
                meta.Transaction = transaction;
                meta.CommandText = "INSERT INTO meta (key, value) VALUES ('corpus', $value)";
                meta.Parameters.AddWithValue("$value", $"{SchemaVersion}:{corpus.ContentHash}");
                meta.ExecuteNonQuery();
                transaction.Commit();
                Execute(connection, "INSERT INTO passages (passages) VALUES ('optimize')");
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        while (_searchers.TryTake(out var searcher))
            searcher.Dispose();
    }

    /// <summary>A connection with its prepared query; pooled because preparing costs more than searching.</summary>
    sealed class Searcher : IDisposable
    {
        readonly SqliteConnection _connection;
        readonly SqliteCommand _command;
        readonly SqliteParameter _match;
        readonly SqliteParameter _limit;

        public Searcher(string connectionString)
        {
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
            _command = _connection.CreateCommand();
            // Weights per column: passage_id (unindexed), title, heading, body. A word in a short heading
            // says more about a passage than the same word in the document's title.
            _command.CommandText = """
                SELECT passage_id, bm25(passages, 0.0, 0.3, 1.5, 1.0) AS score
                FROM passages WHERE passages MATCH $match
                ORDER BY score LIMIT $limit
                """;
            _match = _command.Parameters.Add("$match", SqliteType.Text);
            _limit = _command.Parameters.Add("$limit", SqliteType.Integer);
            _match.Value = "\"x\"";
            _limit.Value = 1;
            _command.Prepare();
        }

        public List<SearchHit> Run(string match, int limit)
        {
            _match.Value = match;
            _limit.Value = limit;
            var hits = new List<SearchHit>(limit);
            using var reader = _command.ExecuteReader();
            while (reader.Read())
                hits.Add(new SearchHit(reader.GetString(0), -reader.GetDouble(1)));
            return hits;
        }

        public void Dispose()
        {
            _command.Dispose();
            _connection.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reusing the passage index {Path}")]
    static partial void LogReused(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Building the passage index {Path}: {Reason}")]
    static partial void LogRebuilding(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Search failed with SQLite error {Code}: {Message}")]
    static partial void LogSearchFailed(ILogger logger, int code, string message);
}

using Bot.Corpus;
using Bot.Index;
using Bot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Tests.Index;

public sealed class PassageIndexTests
{
    static CorpusSnapshot LoadCorpus(string folder) => new CorpusLoader(NullLogger<CorpusLoader>.Instance).Load(folder);

    [Theory]
    [InlineData("\"peace treaty")]
    [InlineData("peace AND treaty")]
    [InlineData("peace OR")]
    [InlineData("NEAR(peace treaty)")]
    [InlineData("treat*")]
    [InlineData("body:treaty")]
    [InlineData("(((Kuril")]
    [InlineData("don't")]
    [InlineData("C++")]
    [InlineData("^peace -treaty +war")]
    [InlineData("\"\"\"")]
    [InlineData("")]
    [InlineData("*")]
    [InlineData("NOT")]
    [InlineData("Курильские острова")]
    public void Hostile_query_text_is_searched_as_words_and_never_fails(string query)
    {
        using var folder = new TempFolder();
        using var index = SqlitePassageIndex.Open(folder.File("i.sqlite"), LoadCorpus(Repository.Corpus), NullLogger.Instance);

        var hits = index.Search(query, 10);

        Assert.NotNull(hits);
        if (query.Contains("treaty", StringComparison.OrdinalIgnoreCase))
            Assert.NotEmpty(hits);
    }

    [Fact]
    public void Search_applies_porter_stemming_to_queries_as_to_passages()
    {
        using var folder = new TempFolder();
        using var index = SqlitePassageIndex.Open(folder.File("i.sqlite"), LoadCorpus(Repository.Corpus), NullLogger.Instance);

        var hits = index.Search("normalizing", 5);

        Assert.Contains(hits, h => h.PassageId == "002_ac2fe3a30c7b523a#p1");
    }

    [Fact]
    public void Results_are_ranked_by_bm25_best_first()
    {
        using var folder = new TempFolder();
        using var index = SqlitePassageIndex.Open(folder.File("i.sqlite"), LoadCorpus(Repository.Corpus), NullLogger.Instance);

        var hits = index.Search("Portsmouth treaty", 10);

        Assert.True(hits.Count >= 2);
        Assert.Equal(hits.OrderByDescending(h => h.Score).Select(h => h.PassageId), hits.Select(h => h.PassageId));
        Assert.StartsWith("000_0f1aca95a04c116c", hits[0].PassageId, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unchanged_corpus_reuses_the_index_file()
    {
        using var folder = new TempFolder();
        var corpus = LoadCorpus(Repository.Corpus);
        var path = folder.File("i.sqlite");
        SqlitePassageIndex.Open(path, corpus, NullLogger.Instance).Dispose();
        var built = File.GetLastWriteTimeUtc(path);
        var identity = new FileInfo(path).Length;

        using var reopened = SqlitePassageIndex.Open(path, LoadCorpus(Repository.Corpus), NullLogger.Instance);

        Assert.Equal(built, File.GetLastWriteTimeUtc(path));
        Assert.Equal(identity, new FileInfo(path).Length);
        Assert.NotEmpty(reopened.Search("Kuril", 3));
    }

    [Fact]
    public void A_changed_corpus_rebuilds_the_index()
    {
        using var corpusFolder = TempFolder.WithCorpusCopy();
        using var folder = new TempFolder();
        var path = folder.File("i.sqlite");
        SqlitePassageIndex.Open(path, LoadCorpus(corpusFolder.Path), NullLogger.Instance).Dispose();
        File.WriteAllText(Path.Combine(corpusFolder.Path, "sakhalin.txt"), "Sakhalin\n\nThe Zheltukhin lighthouse stands on Sakhalin Island.\n");

        using var index = SqlitePassageIndex.Open(path, LoadCorpus(corpusFolder.Path), NullLogger.Instance);

        Assert.Contains(index.Search("Zheltukhin lighthouse", 3), h => h.PassageId.StartsWith("sakhalin#", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("foreign")]
    public void A_corrupt_or_foreign_index_file_is_rebuilt_not_fatal(string damage)
    {
        using var folder = new TempFolder();
        var corpus = LoadCorpus(Repository.Corpus);
        var path = folder.File("i.sqlite");
        SqlitePassageIndex.Open(path, corpus, NullLogger.Instance).Dispose();
        switch (damage)
        {
            case "garbage":
                File.WriteAllText(path, "this is not a database at all, just text that happens to be here");
                break;
            case "truncated":
                var bytes = File.ReadAllBytes(path);
                File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
                break;
            case "foreign":
                File.Delete(path);
                using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
                {
                    connection.Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = "CREATE TABLE unrelated (x INTEGER)";
                    command.ExecuteNonQuery();
                }
                break;
        }

        using var index = SqlitePassageIndex.Open(path, corpus, NullLogger.Instance);

        Assert.NotEmpty(index.Search("Portsmouth", 3));
    }
}

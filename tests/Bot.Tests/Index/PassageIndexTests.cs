using Bot.Corpus;
using Bot.Index;
using Bot.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Tests.Index;

/// <summary>The Lucene index over the real model: searched by words and by meaning, built once, rebuilt when it must be.</summary>
public sealed class PassageIndexTests
{
    internal static CorpusSnapshot LoadCorpus(string folder) => new CorpusLoader(NullLogger<CorpusLoader>.Instance).Load(folder);

    internal static Task<LucenePassageIndex> OpenAsync(string folder, CorpusSnapshot corpus, IEmbeddingGenerator<string, Embedding<float>>? model = null) =>
        LucenePassageIndex.OpenAsync(folder, corpus, model ?? TestIndex.Model, NullLogger.Instance);

    /// <summary>What a build embeds: each passage (behind its heading) and each of its sentences, each distinct text once.</summary>
    static int TextsOf(CorpusSnapshot corpus) =>
        corpus.Passages.SelectMany(p => p.Sentences.Select(s => s.Text)
            .Concat(p.Sentences.Select((s, i) => i > 0 ? $"{p.Sentences[i - 1].Text} {s.Text}" : p.Heading is { Length: > 0 } h ? $"{h}: {s.Text}" : s.Text))
            .Prepend(p.Heading is { Length: > 0 } h ? $"{h}. {p.Text}" : p.Text)).Distinct().Count();

    /// <summary>Three short documents: quick to embed, for the tests that build folders of their own.</summary>
    internal static TempFolder SmallCorpus()
    {
        var folder = new TempFolder();
        File.WriteAllText(folder.File("lighthouse.txt"), "The Lighthouse\n\nThe Zheltukhin lighthouse on Sakhalin was completed in 1932 by Japanese engineers.\n\nIts lamp was first lit in the spring.\n");
        File.WriteAllText(folder.File("fishing.txt"), "Fishing\n\nCrab boats leave the harbour before dawn and return with their catch at noon.\n");
        File.WriteAllText(folder.File("trade.txt"), "Trade\n\nTimber and coal are shipped south from the port every week.\n");
        return folder;
    }

    static async Task<float[]> QueryVectorAsync(string question) =>
        (await TestIndex.Model.GenerateAsync(["Represent this sentence for searching relevant passages: " + question]))[0].Vector.ToArray();

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
    [InlineData("^peace -treaty +war~2")]
    [InlineData("\"\"\"")]
    [InlineData("")]
    [InlineData("*")]
    [InlineData("NOT")]
    [InlineData("id:002_ac2fe3a30c7b523a#p1")]
    [InlineData("Курильские острова")]
    public async Task Hostile_query_text_is_searched_as_words_and_never_fails(string query)
    {
        using var index = await OpenAsync(TestIndex.RepositoryFolder, LoadCorpus(Repository.Corpus));

        var hits = index.Search(query, null, 10);

        Assert.NotNull(hits);
        if (query.Contains("treaty", StringComparison.OrdinalIgnoreCase))
            Assert.NotEmpty(hits);
    }

    [Fact]
    public async Task Words_are_stemmed_in_english_for_queries_as_for_passages()
    {
        using var index = await OpenAsync(TestIndex.RepositoryFolder, LoadCorpus(Repository.Corpus));

        var hits = index.Search("normalizing", null, 5);

        Assert.Contains(hits, h => h.PassageId == "002_ac2fe3a30c7b523a#p1");
    }

    [Theory]
    [InlineData("meet", "met")]
    [InlineData("fight", "fought")]
    [InlineData("say", "said")]
    [InlineData("take", "taken")]
    [InlineData("seize", "seized")]
    public void An_irregular_verb_form_is_read_as_its_base_form(string baseForm, string form)
    {
        Assert.Equal(TextAnalysis.StemOf(baseForm), TextAnalysis.StemOf(form));
    }

    [Fact]
    public async Task A_past_tense_finds_the_passages_that_use_the_verb_in_other_forms()
    {
        using var index = await OpenAsync(TestIndex.RepositoryFolder, LoadCorpus(Repository.Corpus));

        // "met" is "meet" as the sources' "In a meeting in November 2005" is: both read as the stem of "meet".
        var hits = index.Search("met", null, 20);

        Assert.Contains(hits, h => h.PassageId == "002_ac2fe3a30c7b523a#p40");
        Assert.Contains(hits, h => h.PassageId == "002_ac2fe3a30c7b523a#p38");
    }

    [Fact]
    public async Task Word_hits_are_ranked_by_bm25_best_first()
    {
        using var index = await OpenAsync(TestIndex.RepositoryFolder, LoadCorpus(Repository.Corpus));

        var hits = index.Search("Portsmouth treaty", null, 10);

        Assert.True(hits.Count >= 2);
        Assert.Equal(hits.OrderByDescending(h => h.Bm25).Select(h => h.PassageId), hits.Select(h => h.PassageId));
        Assert.StartsWith("000_0f1aca95a04c116c", hits[0].PassageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Words_searched_again_find_what_they_found_the_first_time_and_other_words_their_own()
    {
        using var index = await OpenAsync(TestIndex.RepositoryFolder, LoadCorpus(Repository.Corpus));

        var first = index.Search("Portsmouth treaty", null, 10);
        var other = index.Search("Sakhalin gas pipeline", null, 10);
        var again = index.Search("Portsmouth treaty", null, 10);
        var fewer = index.Search("Portsmouth treaty", null, 3);

        Assert.Equal(first, again);
        Assert.Equal(first.Take(3), fewer);
        Assert.NotEqual(first.Select(h => h.PassageId), other.Select(h => h.PassageId));
        Assert.Contains(other, h => h.Bm25 > 0 && !first.Any(f => f.PassageId == h.PassageId));
    }

    [Fact]
    public async Task The_same_words_with_another_vector_are_searched_with_that_vector()
    {
        using var index = await OpenAsync(TestIndex.RepositoryFolder, LoadCorpus(Repository.Corpus));
        var aboutTheWar = await QueryVectorAsync("Who won the Russo-Japanese War?");
        var aboutGas = await QueryVectorAsync("How much gas does Japan import from Sakhalin?");

        var first = index.Search("when", aboutTheWar, 5);
        var other = index.Search("when", aboutGas, 5);
        var again = index.Search("when", [.. aboutTheWar], 5);

        Assert.NotEqual(first.Select(h => h.PassageId), other.Select(h => h.PassageId));
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task A_question_that_shares_no_word_with_its_passage_is_found_by_meaning()
    {
        using var index = await OpenAsync(TestIndex.RepositoryFolder, LoadCorpus(Repository.Corpus));
        const string question = "How many folks reside there?";

        var byWords = index.Search(question, null, 5);
        var byMeaning = index.Search(question, await QueryVectorAsync("How many folks reside on the Kurils?"), 5);

        Assert.DoesNotContain(byWords, h => h.PassageId == "002_ac2fe3a30c7b523a#p21");
        Assert.Contains(byMeaning, h => h.PassageId == "002_ac2fe3a30c7b523a#p21");
        Assert.All(byMeaning, h => Assert.InRange(h.Similarity, 0.3f, 1f));
    }

    [Fact]
    public async Task A_passage_both_searches_find_ranks_above_one_found_by_either_alone()
    {
        using var index = await OpenAsync(TestIndex.RepositoryFolder, LoadCorpus(Repository.Corpus));

        var hits = index.Search("peace treaty", await QueryVectorAsync("Is there a peace treaty?"), 20);

        var both = hits.Where(h => h.Bm25 > 0 && h.Similarity > 0).ToList();
        Assert.NotEmpty(both);
        Assert.Equal(hits.OrderByDescending(h => h.Score).Select(h => h.PassageId), hits.Select(h => h.PassageId));
        Assert.True(hits[0].Bm25 > 0, "the best fused hit is one the words found too");
    }

    [Fact]
    public async Task Every_sentence_of_a_passage_has_its_own_vector()
    {
        var corpus = LoadCorpus(Repository.Corpus);
        using var index = await OpenAsync(TestIndex.RepositoryFolder, corpus);
        var passage = corpus.FindPassage("002_ac2fe3a30c7b523a#p1")!;

        var vectors = index.SentenceVectors(passage.Id);

        Assert.Equal(passage.Sentences.Count, vectors.Count);
        Assert.Equal(passage.Sentences.Count, vectors.InContext.Count);
        var alone = (await TestIndex.Model.GenerateAsync([passage.Sentences[1].Text]))[0].Vector.ToArray();
        var inContext = (await TestIndex.Model.GenerateAsync([$"{passage.Sentences[0].Text} {passage.Sentences[1].Text}"]))[0].Vector.ToArray();
        // Not exactly 1: the int8 model quantizes its activations with one scale per batch, so a sentence
        // embedded among others at build reads a hair differently from the same sentence alone.
        Assert.Equal(1.0, System.Numerics.Tensors.TensorPrimitives.Dot(alone, vectors.Alone[1]), 2);
        Assert.Equal(1.0, System.Numerics.Tensors.TensorPrimitives.Dot(inContext, vectors.InContext[1]), 2);
        Assert.Equal(0, index.SentenceVectors("no-such-passage").Count);
    }

    [Fact]
    public async Task An_unchanged_corpus_reopens_the_folder_and_embeds_nothing()
    {
        using var corpusFolder = SmallCorpus();
        using var folder = new TempFolder();
        var model = new CountingModel(TestIndex.Model);
        (await OpenAsync(folder.File("index"), LoadCorpus(corpusFolder.Path), model)).Dispose();
        var embeddedAtBuild = model.Texts;
        var files = Directory.GetFiles(folder.File("index")).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        using var reopened = await OpenAsync(folder.File("index"), LoadCorpus(corpusFolder.Path), model);

        Assert.Equal(TextsOf(LoadCorpus(corpusFolder.Path)), embeddedAtBuild);
        Assert.Equal(embeddedAtBuild, model.Texts);
        Assert.Equal(files, Directory.GetFiles(folder.File("index")).ToDictionary(f => f, File.GetLastWriteTimeUtc));
        Assert.NotEmpty(reopened.Search("lighthouse", null, 3));
    }

    [Fact]
    public async Task A_changed_corpus_rebuilds_the_index_and_embeds_only_what_changed()
    {
        using var corpusFolder = SmallCorpus();
        using var folder = new TempFolder();
        var model = new CountingModel(TestIndex.Model);
        (await OpenAsync(folder.File("index"), LoadCorpus(corpusFolder.Path), model)).Dispose();
        var embeddedAtBuild = model.Texts;
        File.WriteAllText(Path.Combine(corpusFolder.Path, "sakhalin.txt"), "Sakhalin\n\nThe Aniva lighthouse stands on a rock in the bay.\n");

        using var index = await OpenAsync(folder.File("index"), LoadCorpus(corpusFolder.Path), model);

        Assert.Contains(index.Search("Aniva lighthouse", null, 3), h => h.PassageId.StartsWith("sakhalin#", StringComparison.Ordinal));
        // The new passage, its one sentence alone and after its heading; everything else came from the folder being replaced.
        Assert.Equal(embeddedAtBuild + 3, model.Texts);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("foreign")]
    [InlineData("empty")]
    [InlineData("file")]
    public async Task A_damaged_half_written_or_foreign_folder_is_rebuilt_not_fatal(string damage)
    {
        using var corpusFolder = SmallCorpus();
        using var folder = new TempFolder();
        var path = folder.File("index");
        var corpus = LoadCorpus(corpusFolder.Path);
        (await OpenAsync(path, corpus)).Dispose();
        switch (damage)
        {
            case "garbage":
                foreach (var file in Directory.GetFiles(path))
                    File.WriteAllText(file, "this is not an index at all, just text that happens to be here");
                break;
            case "truncated":
                foreach (var file in Directory.GetFiles(path).Where(f => new FileInfo(f).Length > 1000))
                    File.WriteAllBytes(file, File.ReadAllBytes(file)[..(int)(new FileInfo(file).Length / 3)]);
                break;
            case "foreign":
                Directory.Delete(path, recursive: true);
                using (var directory = new Lucene.Net.Store.NIOFSDirectory(new DirectoryInfo(path)))
                using (var writer = new Lucene.Net.Index.IndexWriter(directory, new Lucene.Net.Index.IndexWriterConfig(TextAnalysis.Version, TextAnalysis.English)))
                {
                    writer.AddDocument(new Lucene.Net.Documents.Document { new Lucene.Net.Documents.TextField("body", "unrelated", Lucene.Net.Documents.Field.Store.YES) });
                    writer.Commit();
                }
                break;
            case "empty":
                Directory.Delete(path, recursive: true);
                Directory.CreateDirectory(path);
                break;
            case "file":
                Directory.Delete(path, recursive: true);
                File.WriteAllText(path, "a file where the folder should be");
                break;
        }

        using var index = await OpenAsync(path, corpus);

        Assert.NotEmpty(index.Search("lighthouse", null, 3));
        Assert.NotEmpty(index.Search("", await QueryVectorAsync("When was the lighthouse finished?"), 3));
    }

    [Fact]
    public async Task Folders_a_crashed_build_left_behind_are_removed()
    {
        using var corpusFolder = SmallCorpus();
        using var folder = new TempFolder();
        var path = folder.File("index");
        Directory.CreateDirectory(path + ".building-0123");
        File.WriteAllText(Path.Combine(path + ".building-0123", "_0.cfs"), "half");
        Directory.CreateDirectory(path + ".old-4567");

        using var index = await OpenAsync(path, LoadCorpus(corpusFolder.Path));

        Assert.False(Directory.Exists(path + ".building-0123"));
        Assert.False(Directory.Exists(path + ".old-4567"));
        Assert.NotEmpty(index.Search("harbour", null, 3));
    }

    [Fact]
    public async Task Instances_that_open_one_new_folder_at_once_build_it_once()
    {
        using var corpusFolder = SmallCorpus();
        using var folder = new TempFolder();
        var model = new CountingModel(TestIndex.Model);
        var corpus = LoadCorpus(corpusFolder.Path);

        var opened = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => OpenAsync(folder.File("index"), corpus, model))));

        Assert.Equal(TextsOf(corpus), model.Texts);
        foreach (var index in opened)
        {
            Assert.NotEmpty(index.Search("timber", null, 3));
            index.Dispose();
        }
    }

    [Fact]
    public async Task Many_turns_search_at_once()
    {
        using var index = await OpenAsync(TestIndex.RepositoryFolder, LoadCorpus(Repository.Corpus));
        var vector = await QueryVectorAsync("Who won the war?");
        var expected = index.Search("who won the war", vector, 10).Select(h => h.PassageId).ToList();

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 50).Select(_ => index.Search("who won the war", vector, 10).Select(h => h.PassageId).ToList()).ToList())));

        Assert.All(results.SelectMany(r => r), hits => Assert.Equal(expected, hits));
    }

    /// <summary>The real model, counting the texts it is asked to embed.</summary>
    sealed class CountingModel(IEmbeddingGenerator<string, Embedding<float>> inner) : IEmbeddingGenerator<string, Embedding<float>>
    {
        int _texts;

        public int Texts => _texts;

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = values.ToList();
            Interlocked.Add(ref _texts, list.Count);
            return inner.GenerateAsync(list, options, cancellationToken);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

        public void Dispose()
        {
        }
    }
}

using Bot.Corpus;
using Bot.Embeddings;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.AI;
using Directory = System.IO.Directory;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Bot.Index;

/// <summary>
/// The corpus in an on-disk Lucene index: one document per passage, its words analysed in English (stop
/// words, Porter stems) and ranked by BM25, with its arctic-embed vector and its sentences' vectors stored
/// beside them, so a restart embeds nothing. The folder is built when the corpus, the analysis or the model
/// changes (all three are recorded in the commit) and is reused otherwise; a folder that is damaged, half
/// written or not an index at all is rebuilt, never fatal. A build writes a new folder and moves it into
/// place, so nothing ever reads half an index.
/// </summary>
public sealed partial class LucenePassageIndex : IPassageIndex, IDisposable
{
    const int MaxQueryTerms = 32;

    /// <summary>How many passages each list (words, vectors) brings to the fusion.</summary>
    const int CandidatesPerList = 50;

    /// <summary>Reciprocal rank fusion's constant (Cormack, Clarke and Büttcher, 2009), as Azure AI Search uses it.</summary>
    const int FusionK = 60;

    /// <summary>A word in more than this share of passages ranks nothing yet makes the search score every passage that holds it.</summary>
    const double CommonWordShare = 0.2;

    /// <summary>In a small corpus every word is in a large share of passages; below this count none is left out.</summary>
    const int CommonWordFloor = 50;

    static readonly ISet<string> SentenceVectorFields = new HashSet<string> { IndexSchema.SentenceVectorsField };

    readonly LuceneDirectory _directory;
    readonly SearcherManager _searchers;
    readonly ILogger _logger;
    IndexSnapshot _snapshot;

    LucenePassageIndex(LuceneDirectory directory, SearcherManager searchers, IndexSnapshot snapshot, ILogger logger)
    {
        _directory = directory;
        _searchers = searchers;
        _snapshot = snapshot;
        _logger = logger;
        _searchers.AddListener(new ReloadOnRefresh(this));
    }

    public string ModelId => ArcticXsEmbeddingGenerator.ModelId;

    /// <summary>Opens the index folder for this corpus, building it first if it is missing, stale or damaged.</summary>
    public static async Task<LucenePassageIndex> OpenAsync(
        string folder,
        CorpusSnapshot corpus,
        IEmbeddingGenerator<string, Embedding<float>> embedder,
        ILogger logger,
        long inMemoryLimitBytes = 64L << 20,
        CancellationToken cancellationToken = default)
    {
        folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        var modelId = embedder.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? "unknown";
        var expected = $"{IndexSchema.SchemaVersion}:{modelId}:{corpus.ContentHash}";

        // Processes that share a folder take turns, so that two of them never build it at once.
        using var turn = await FolderLock.TakeAsync(folder + ".lock", cancellationToken).ConfigureAwait(false);
        IndexFolder.RemoveLeftovers(folder);
        if (TryOpen(folder, expected, corpus, logger, inMemoryLimitBytes, out var index, out var problem))
        {
            LogReused(logger, folder, corpus.Passages.Count);
            return index!;
        }
        LogRebuilding(logger, folder, problem!);
        var reusable = IndexBuilder.ReusableVectors(folder, modelId);
        await IndexBuilder.BuildAsync(folder, expected, corpus, embedder, reusable, logger, cancellationToken).ConfigureAwait(false);
        if (TryOpen(folder, expected, corpus, logger, inMemoryLimitBytes, out index, out problem))
            return index!;
        throw new InvalidOperationException($"The passage index built at {folder} cannot be opened: {problem}");
    }

    public IReadOnlyList<SearchHit> Search(string text, float[]? vector, int limit)
    {
        if (limit <= 0)
            return [];
        var snapshot = _snapshot;
        if (snapshot.KnownHits(text, vector, limit) is { } known)
            return known;
        var searcher = _searchers.Acquire();
        try
        {
            var fused = new Dictionary<int, (double Score, double Bm25)>();
            var words = WordSearch(searcher, snapshot, text);
            for (var rank = 0; rank < words.Length; rank++)
                fused[words[rank].Doc] = (1.0 / (FusionK + rank + 1), words[rank].Score);
            if (vector is not null && vector.Length == snapshot.Vectors.Dimensions)
            {
                var nearest = snapshot.Vectors.Nearest(vector, CandidatesPerList);
                for (var rank = 0; rank < nearest.Count; rank++)
                {
                    var doc = snapshot.DocOfRow[nearest[rank].Row];
                    var (score, bm25) = fused.GetValueOrDefault(doc);
                    fused[doc] = (score + (1.0 / (FusionK + rank + 1)), bm25);
                }
            }
            Volatile.Write(ref _lastFailure, null);
            SearchHit[] hits = [.. fused
                .OrderByDescending(f => f.Value.Score)
                .Take(limit)
                .Select(f => new SearchHit(
                    snapshot.PassageOfDoc[f.Key],
                    f.Value.Score,
                    f.Value.Bm25,
                    vector is null ? 0 : snapshot.Vectors.Score(snapshot.RowOfDoc[f.Key], vector)))];
            snapshot.Remember(text, vector, limit, hits);
            return hits;
        }
        catch (Exception e) when (IsIndexFault(e))
        {
            // The query is made of analysed words only, so this is the folder failing, not the question.
            throw Failed(e);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>The passages the words of the text find, best first, with their BM25 scores.</summary>
    static ScoreDoc[] WordSearch(IndexSearcher searcher, IndexSnapshot snapshot, string text)
    {
        if (WordQuery(searcher, snapshot, text) is not { } query)
            return [];
        // Collected in document order: Lucene's out-of-order disjunction scorer allocates a table of 2,048
        // buckets for every query, most of a turn's allocations on an index this size.
        var collector = TopScoreDocCollector.Create(CandidatesPerList, docsScoredInOrder: true);
        searcher.Search(query, collector);
        return collector.GetTopDocs().ScoreDocs;
    }

    public string? LastFailure => Volatile.Read(ref _lastFailure);

    string? _lastFailure;

    /// <summary>What reading a damaged or vanished folder throws: the folder's fault, never the question's.</summary>
    static bool IsIndexFault(Exception e) =>
        e is IOException or InvalidOperationException or ObjectDisposedException or IndexOutOfRangeException or ArgumentException or UnauthorizedAccessException;

    IndexUnavailableException Failed(Exception e)
    {
        LogSearchFailed(_logger, e.GetType().Name, e.Message);
        Volatile.Write(ref _lastFailure, $"{e.GetType().Name}: {e.Message}");
        return new IndexUnavailableException("The passage index could not be read.", e);
    }

    public float Similarity(string passageId, float[] vector)
    {
        var snapshot = _snapshot;
        return snapshot.DocOfPassage.TryGetValue(passageId, out var doc) && vector.Length == snapshot.Vectors.Dimensions
            ? snapshot.Vectors.Score(snapshot.RowOfDoc[doc], vector)
            : 0;
    }

    /// <summary>Passages whose sentence vectors are kept once read: about 30 KB each, 60 MB at most.</summary>
    const int MaxCachedSentenceVectors = 2048;

    public SentenceVectors SentenceVectors(string passageId)
    {
        var snapshot = _snapshot;
        if (!snapshot.DocOfPassage.TryGetValue(passageId, out var doc))
            return Index.SentenceVectors.None;
        if (snapshot.SentenceVectorsOfDoc.TryGetValue(doc, out var known))
            return known;
        var searcher = _searchers.Acquire();
        try
        {
            var stored = searcher.Doc(doc, SentenceVectorFields).GetBinaryValue(IndexSchema.SentenceVectorsField);
            if (stored is null)
                return Index.SentenceVectors.None;
            // The sentences' own vectors, then their vectors in context.
            var vectors = StoredVectors.SplitHalves(stored, snapshot.Vectors.Dimensions);
            var count = vectors.Count / 2;
            var read = new SentenceVectors(vectors[..count], vectors[count..]);
            if (snapshot.SentenceVectorsOfDoc.Count < MaxCachedSentenceVectors)
                snapshot.SentenceVectorsOfDoc.TryAdd(doc, read);
            return read;
        }
        catch (Exception e) when (IsIndexFault(e))
        {
            throw Failed(e);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    public void Dispose()
    {
        _searchers.Dispose();
        _directory.Dispose();
    }

    /// <summary>
    /// "Any of these words", built from the analysed terms rather than parsed, so no user text is query
    /// syntax. A word in a short heading says more about a passage than the same word in the document's title.
    /// Words most passages hold are left out (the rarest are kept when all are that common): they rank
    /// nothing, yet make the search score every passage that holds them, and the reader weighs them afterwards.
    /// </summary>
    static BooleanQuery? WordQuery(IndexSearcher searcher, IndexSnapshot snapshot, string text)
    {
        // "body:treaty" is one token to the standard tokenizer; what a person means by it is two words.
        var terms = TextAnalysis.Stems(text.Replace(':', ' ')).Distinct(StringComparer.Ordinal).Take(MaxQueryTerms).ToList();
        if (terms.Count == 0)
            return null;
        var reader = searcher.IndexReader;
        var common = Math.Max(CommonWordFloor, reader.NumDocs * CommonWordShare);
        var frequencies = terms.Select(t => (Term: t, Frequency: snapshot.StatesOf(searcher, IndexSchema.BodyField, t).DocFreq)).ToList();
        var kept = frequencies.Where(f => f.Frequency <= common).Select(f => f.Term).ToList();
        if (kept.Count == 0)
            kept = [.. frequencies.OrderBy(f => f.Frequency).Take(2).Select(f => f.Term)];

        var query = new BooleanQuery();
        foreach (var term in kept)
        {
            query.Add(Known(searcher, snapshot, IndexSchema.BodyField, term, 1f), Occur.SHOULD);
            query.Add(Known(searcher, snapshot, IndexSchema.HeadingField, term, 1.5f), Occur.SHOULD);
            query.Add(Known(searcher, snapshot, IndexSchema.TitleField, term, 0.3f), Occur.SHOULD);
        }
        return query;
    }

    /// <summary>A term query over where the term is already known to be, so that searching it seeks nothing in the term dictionary.</summary>
    static TermQuery Known(IndexSearcher searcher, IndexSnapshot snapshot, string field, string text, float boost) =>
        new(new Term(field, text), snapshot.StatesOf(searcher, field, text)) { Boost = boost };

    static bool TryOpen(string folder, string expected, CorpusSnapshot corpus, ILogger logger, long inMemoryLimitBytes, out LucenePassageIndex? index, out string? problem)
    {
        index = null;
        if (!Directory.Exists(folder))
        {
            problem = "no index folder";
            return false;
        }
        LuceneDirectory? directory = null;
        SearcherManager? searchers = null;
        try
        {
            // NIOFSDirectory rather than FSDirectory.Open, which picks MMapDirectory on 64-bit Linux: slower
            // under parallel search, and behind crashes during concurrent search in this Lucene.Net version.
            directory = new NIOFSDirectory(new DirectoryInfo(folder));
            if (!DirectoryReader.IndexExists(directory))
            {
                problem = "the folder holds no index";
                return false;
            }
            // A small index is read into memory once: a search then reads no file, where through the file system
            // it spent most of a cached turn in read calls (measured: 65 % of an answered turn's time).
            if (inMemoryLimitBytes > 0 && new DirectoryInfo(folder).EnumerateFiles().Sum(f => f.Length) <= inMemoryLimitBytes)
            {
                var inMemory = new RAMDirectory(directory, IOContext.READ_ONCE);
                directory.Dispose();
                directory = inMemory;
            }
            searchers = new SearcherManager(directory, new Bm25SearcherFactory());
            var searcher = searchers.Acquire();
            try
            {
                var recorded = IndexFolder.Recorded((DirectoryReader)searcher.IndexReader);
                if (recorded != expected)
                {
                    problem = "the corpus, the analysis or the model changed";
                    return false;
                }
                var snapshot = IndexSnapshot.Load(searcher.IndexReader);
                var missing = corpus.Passages.FirstOrDefault(p => !snapshot.DocOfPassage.ContainsKey(p.Id));
                if (missing is not null || snapshot.DocOfPassage.Count != corpus.Passages.Count)
                {
                    problem = $"it does not hold the corpus's passages ({missing?.Id ?? "count differs"})";
                    return false;
                }
                index = new LucenePassageIndex(directory, searchers, snapshot, logger);
            }
            finally
            {
                searchers.Release(searcher);
            }
            problem = null;
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or UnauthorizedAccessException)
        {
            problem = $"unreadable index ({e.GetType().Name}: {e.Message})";
            return false;
        }
        finally
        {
            if (index is null)
            {
                searchers?.Dispose();
                directory?.Dispose();
            }
        }
    }

    /// <summary>BM25 for every searcher the manager makes (Lucene's default is TF-IDF), one similarity for all, so that its norm tables are shared.</summary>
    sealed class Bm25SearcherFactory : SearcherFactory
    {
        readonly SharedNormsBm25Similarity _similarity = new();

        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = _similarity };
    }

    /// <summary>After a refresh the passage map and vectors are read again from the new reader.</summary>
    sealed class ReloadOnRefresh(LucenePassageIndex index) : ReferenceManager.IRefreshListener
    {
        public void BeforeRefresh()
        {
        }

        public void AfterRefresh(bool didRefresh)
        {
            if (!didRefresh)
                return;
            var searcher = index._searchers.Acquire();
            try
            {
                index._snapshot = IndexSnapshot.Load(searcher.IndexReader);
            }
            finally
            {
                index._searchers.Release(searcher);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reusing the passage index {Folder} ({Passages} passages)")]
    static partial void LogReused(ILogger logger, string folder, int passages);

    [LoggerMessage(Level = LogLevel.Information, Message = "Building the passage index {Folder}: {Reason}")]
    static partial void LogRebuilding(ILogger logger, string folder, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Search failed: {Error}: {Message}")]
    static partial void LogSearchFailed(ILogger logger, string error, string message);
}

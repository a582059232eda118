using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Bot.Corpus;
using Bot.Embeddings;
using Lucene.Net.Documents;
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
    // Changing the fields, the analysis or what is embedded must invalidate folders built by older versions.
    const string SchemaVersion = "lucene48-bm25-v3";
    const int MaxQueryTerms = 32;

    /// <summary>How many passages each list (words, vectors) brings to the fusion.</summary>
    const int CandidatesPerList = 50;

    /// <summary>Reciprocal rank fusion's constant (Cormack, Clarke and Büttcher, 2009), as Azure AI Search uses it.</summary>
    const int FusionK = 60;

    /// <summary>A word in more than this share of passages ranks nothing yet makes the search score every passage that holds it.</summary>
    const double CommonWordShare = 0.2;

    /// <summary>In a small corpus every word is in a large share of passages; below this count none is left out.</summary>
    const int CommonWordFloor = 50;

    const string IdField = "id";
    const string TitleField = "title";
    const string HeadingField = "heading";
    const string BodyField = "body";
    const string VectorField = "vector";
    const string SentenceVectorsField = "sentence_vectors";
    const string EmbeddedField = "embedded";

    static readonly ISet<string> SentenceVectorFields = new HashSet<string> { SentenceVectorsField };

    readonly LuceneDirectory _directory;
    readonly SearcherManager _searchers;
    readonly ILogger _logger;
    Snapshot _snapshot;

    LucenePassageIndex(LuceneDirectory directory, SearcherManager searchers, Snapshot snapshot, ILogger logger)
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
        CancellationToken cancellationToken = default)
    {
        folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        var modelId = embedder.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? "unknown";
        var expected = $"{SchemaVersion}:{modelId}:{corpus.ContentHash}";

        // Processes that share a folder take turns, so that two of them never build it at once.
        using var turn = await FolderLock.TakeAsync(folder + ".lock", cancellationToken).ConfigureAwait(false);
        RemoveLeftovers(folder);
        if (TryOpen(folder, expected, corpus, logger, out var index, out var problem))
        {
            LogReused(logger, folder, corpus.Passages.Count);
            return index!;
        }
        LogRebuilding(logger, folder, problem!);
        var reusable = ReusableVectors(folder, modelId);
        await BuildAsync(folder, expected, corpus, embedder, reusable, logger, cancellationToken).ConfigureAwait(false);
        if (TryOpen(folder, expected, corpus, logger, out index, out problem))
            return index!;
        throw new InvalidOperationException($"The passage index built at {folder} cannot be opened: {problem}");
    }

    public IReadOnlyList<SearchHit> Search(string text, float[]? vector, int limit)
    {
        if (limit <= 0)
            return [];
        var snapshot = _snapshot;
        var searcher = _searchers.Acquire();
        try
        {
            var fused = new Dictionary<int, (double Score, double Bm25)>();
            if (WordQuery(searcher, text) is { } query)
            {
                var top = searcher.Search(query, CandidatesPerList);
                for (var rank = 0; rank < top.ScoreDocs.Length; rank++)
                    fused[top.ScoreDocs[rank].Doc] = (1.0 / (FusionK + rank + 1), top.ScoreDocs[rank].Score);
            }
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
            return [.. fused
                .OrderByDescending(f => f.Value.Score)
                .Take(limit)
                .Select(f => new SearchHit(
                    snapshot.PassageOfDoc[f.Key],
                    f.Value.Score,
                    f.Value.Bm25,
                    vector is null ? 0 : snapshot.Vectors.Score(snapshot.RowOfDoc[f.Key], vector)))];
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

    public SentenceVectors SentenceVectors(string passageId)
    {
        if (!_snapshot.DocOfPassage.TryGetValue(passageId, out var doc))
            return Index.SentenceVectors.None;
        var searcher = _searchers.Acquire();
        try
        {
            var stored = searcher.Doc(doc, SentenceVectorFields).GetBinaryValue(SentenceVectorsField);
            if (stored is null)
                return Index.SentenceVectors.None;
            // The sentences' own vectors, then their vectors in context.
            var vectors = SplitHalves(stored, _snapshot.Vectors.Dimensions);
            var count = vectors.Count / 2;
            return new SentenceVectors(vectors[..count], vectors[count..]);
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
    static BooleanQuery? WordQuery(IndexSearcher searcher, string text)
    {
        // "body:treaty" is one token to the standard tokenizer; what a person means by it is two words.
        var terms = TextAnalysis.Stems(text.Replace(':', ' ')).Distinct(StringComparer.Ordinal).Take(MaxQueryTerms).ToList();
        if (terms.Count == 0)
            return null;
        var reader = searcher.IndexReader;
        var common = Math.Max(CommonWordFloor, reader.NumDocs * CommonWordShare);
        var frequencies = terms.Select(t => (Term: t, Frequency: reader.DocFreq(new Term(BodyField, t)))).ToList();
        var kept = frequencies.Where(f => f.Frequency <= common).Select(f => f.Term).ToList();
        if (kept.Count == 0)
            kept = [.. frequencies.OrderBy(f => f.Frequency).Take(2).Select(f => f.Term)];

        var query = new BooleanQuery();
        foreach (var term in kept)
        {
            query.Add(new TermQuery(new Term(BodyField, term)), Occur.SHOULD);
            query.Add(new TermQuery(new Term(HeadingField, term)) { Boost = 1.5f }, Occur.SHOULD);
            query.Add(new TermQuery(new Term(TitleField, term)) { Boost = 0.3f }, Occur.SHOULD);
        }
        return query;
    }

    static bool TryOpen(string folder, string expected, CorpusSnapshot corpus, ILogger logger, out LucenePassageIndex? index, out string? problem)
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
            searchers = new SearcherManager(directory, new Bm25SearcherFactory());
            var searcher = searchers.Acquire();
            try
            {
                var recorded = Recorded((DirectoryReader)searcher.IndexReader);
                if (recorded != expected)
                {
                    problem = "the corpus, the analysis or the model changed";
                    return false;
                }
                var snapshot = Snapshot.Load(searcher.IndexReader);
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

    static async Task BuildAsync(
        string folder,
        string expected,
        CorpusSnapshot corpus,
        IEmbeddingGenerator<string, Embedding<float>> embedder,
        Dictionary<string, float[]> reusable,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var started = Environment.TickCount64;
        var (vectors, embeddedCount) = await EmbedAsync(corpus, embedder, reusable, logger, cancellationToken).ConfigureAwait(false);
        var embedded = Environment.TickCount64 - started;

        var building = $"{folder}.building-{Guid.NewGuid():N}";
        try
        {
            using (var directory = new NIOFSDirectory(new DirectoryInfo(building)))
            {
                var config = new IndexWriterConfig(TextAnalysis.Version, TextAnalysis.English)
                {
                    OpenMode = OpenMode.CREATE,
                    Similarity = new BM25Similarity(),
                };
                using var writer = new IndexWriter(directory, config);
                foreach (var document in corpus.Documents)
                {
                    foreach (var passage in document.Passages)
                    {
                        var passageText = EmbeddedText(passage);
                        var sentenceTexts = SentenceTexts(passage);
                        // Sentence vectors are kept at half precision (a cosine changes by a thousandth or so): half the disk.
                        var sentenceVectors = new Half[sentenceTexts.Count * ArcticXsEmbeddingGenerator.Dimensions];
                        for (var i = 0; i < sentenceTexts.Count; i++)
                            TensorPrimitives.ConvertToHalf(vectors[Hash(sentenceTexts[i])], sentenceVectors.AsSpan(i * ArcticXsEmbeddingGenerator.Dimensions, ArcticXsEmbeddingGenerator.Dimensions));
                        writer.AddDocument(new Lucene.Net.Documents.Document
                        {
                            new StringField(IdField, passage.Id, Field.Store.NO),
                            new BinaryDocValuesField(IdField, new BytesRef(Encoding.UTF8.GetBytes(passage.Id))),
                            new TextField(TitleField, document.Title, Field.Store.NO),
                            new TextField(HeadingField, passage.Heading ?? "", Field.Store.NO),
                            new TextField(BodyField, passage.Text, Field.Store.NO),
                            new BinaryDocValuesField(VectorField, new BytesRef(Bytes(vectors[Hash(passageText)]).ToArray())),
                            new StoredField(SentenceVectorsField, MemoryMarshal.AsBytes(sentenceVectors.AsSpan()).ToArray()),
                            new StoredField(EmbeddedField, string.Join(' ', sentenceTexts.Prepend(passageText).Select(Hash))),
                        });
                    }
                }
                writer.SetCommitData(new Dictionary<string, string> { ["corpus"] = expected });
                writer.Commit();
            }
            // Moved into place whole: a reader sees the old folder or the new one, and a crash leaves a leftover to remove.
            var old = $"{folder}.old-{Guid.NewGuid():N}";
            if (Directory.Exists(folder))
                Directory.Move(folder, old);
            else if (File.Exists(folder))
                File.Delete(folder);
            Directory.Move(building, folder);
            DeleteQuietly(old);
            LogBuilt(logger, folder, corpus.Passages.Count, embeddedCount, embedded, Environment.TickCount64 - started);
        }
        finally
        {
            DeleteQuietly(building);
        }
    }

    /// <summary>Every text to embed, by its hash: each passage (with its heading, which says what it is about) and each of its sentences.</summary>
    static async Task<(Dictionary<string, float[]> Vectors, int Embedded)> EmbedAsync(
        CorpusSnapshot corpus,
        IEmbeddingGenerator<string, Embedding<float>> embedder,
        Dictionary<string, float[]> reusable,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var passage in corpus.Passages)
        {
            foreach (var text in SentenceTexts(passage).Prepend(EmbeddedText(passage)))
            {
                var hash = Hash(text);
                if (reusable.TryGetValue(hash, out var vector))
                    vectors[hash] = vector;
                else
                    wanted.TryAdd(hash, text);
            }
        }
        const int Chunk = 256;
        var pending = wanted.ToList();
        for (var start = 0; start < pending.Count; start += Chunk)
        {
            var chunk = pending.GetRange(start, Math.Min(Chunk, pending.Count - start));
            var embeddings = await embedder.GenerateAsync(chunk.Select(c => c.Value), cancellationToken: cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < chunk.Count; i++)
                vectors[chunk[i].Key] = embeddings[i].Vector.ToArray();
            if (pending.Count > Chunk)
                LogEmbedding(logger, start + chunk.Count, pending.Count);
        }
        return (vectors, pending.Count);
    }

    /// <summary>What each sentence is embedded as: alone, and then, for each, after what comes before it (the previous sentence, or the heading).</summary>
    static List<string> SentenceTexts(Passage passage)
    {
        var sentences = passage.Sentences;
        var texts = sentences.Select(s => s.Text).ToList();
        for (var i = 0; i < sentences.Count; i++)
        {
            texts.Add(i > 0 ? $"{sentences[i - 1].Text} {sentences[i].Text}"
                : passage.Heading is { Length: > 0 } heading ? $"{heading}: {sentences[i].Text}"
                : sentences[i].Text);
        }
        return texts;
    }

    /// <summary>What a passage's vector stands for: its heading says what it is about where its sentences do not.</summary>
    static string EmbeddedText(Passage passage) =>
        passage.Heading is { Length: > 0 } heading ? $"{heading}. {passage.Text}" : passage.Text;

    /// <summary>Vectors of the folder being replaced, by the hash of their text, when they came from the same model: a changed corpus embeds only what changed.</summary>
    static Dictionary<string, float[]> ReusableVectors(string folder, string modelId)
    {
        var reusable = new Dictionary<string, float[]>(StringComparer.Ordinal);
        try
        {
            using var directory = new NIOFSDirectory(new DirectoryInfo(folder));
            if (!DirectoryReader.IndexExists(directory))
                return reusable;
            using var reader = DirectoryReader.Open(directory);
            var recorded = Recorded(reader) ?? "";
            if (!recorded.StartsWith($"{SchemaVersion}:{modelId}:", StringComparison.Ordinal))
                return reusable;
            foreach (var leaf in reader.Leaves)
            {
                var vectors = leaf.AtomicReader.GetBinaryDocValues(VectorField);
                var scratch = new BytesRef();
                for (var doc = 0; doc < leaf.AtomicReader.MaxDoc; doc++)
                {
                    var stored = leaf.AtomicReader.Document(doc);
                    var hashes = stored.Get(EmbeddedField)?.Split(' ') ?? [];
                    var sentences = stored.GetBinaryValue(SentenceVectorsField) is { } bytes ? SplitHalves(bytes, ArcticXsEmbeddingGenerator.Dimensions) : [];
                    if (hashes.Length != sentences.Count + 1)
                        continue;
                    vectors.Get(doc, scratch);
                    reusable[hashes[0]] = Split(scratch, ArcticXsEmbeddingGenerator.Dimensions)[0];
                    for (var i = 0; i < sentences.Count; i++)
                        reusable[hashes[i + 1]] = sentences[i];
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or UnauthorizedAccessException)
        {
            // A folder that cannot be read has nothing to give; everything is embedded afresh.
            reusable.Clear();
        }
        return reusable;
    }

    /// <summary>What the folder was built from, as its commit records it.</summary>
    static string? Recorded(DirectoryReader reader) =>
        reader.IndexCommit.UserData.TryGetValue("corpus", out var recorded) ? recorded : null;

    /// <summary>Folders that a crashed build left beside this one.</summary>
    static void RemoveLeftovers(string folder)
    {
        var parent = Path.GetDirectoryName(folder)!;
        var name = Path.GetFileName(folder);
        foreach (var leftover in Directory.EnumerateDirectories(parent, name + ".*"))
        {
            var suffix = Path.GetFileName(leftover)[name.Length..];
            if (suffix.StartsWith(".building-", StringComparison.Ordinal) || suffix.StartsWith(".old-", StringComparison.Ordinal))
                DeleteQuietly(leftover);
        }
    }

    static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Removed at the next start.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));

    static ReadOnlySpan<byte> Bytes(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan());

    static List<float[]> SplitHalves(BytesRef bytes, int dimensions)
    {
        var halves = MemoryMarshal.Cast<byte, Half>(bytes.Bytes.AsSpan(bytes.Offset, bytes.Length));
        if (halves.Length % dimensions != 0)
            throw new InvalidDataException($"Stored sentence vectors have {halves.Length} values, not a multiple of {dimensions}.");
        var vectors = new List<float[]>(halves.Length / dimensions);
        for (var start = 0; start < halves.Length; start += dimensions)
        {
            var vector = new float[dimensions];
            TensorPrimitives.ConvertToSingle(halves.Slice(start, dimensions), vector);
            vectors.Add(vector);
        }
        return vectors;
    }

    static List<float[]> Split(BytesRef bytes, int dimensions)
    {
        var floats = MemoryMarshal.Cast<byte, float>(bytes.Bytes.AsSpan(bytes.Offset, bytes.Length));
        if (floats.Length % dimensions != 0)
            throw new InvalidDataException($"A stored vector has {floats.Length} values, not a multiple of {dimensions}.");
        var vectors = new List<float[]>(floats.Length / dimensions);
        for (var start = 0; start < floats.Length; start += dimensions)
            vectors.Add(floats.Slice(start, dimensions).ToArray());
        return vectors;
    }

    /// <summary>What a search needs besides Lucene's own structures: which passage each document is, and every passage vector in one block.</summary>
    sealed class Snapshot
    {
        public required string[] PassageOfDoc { get; init; }
        public required Dictionary<string, int> DocOfPassage { get; init; }
        public required int[] DocOfRow { get; init; }
        public required int[] RowOfDoc { get; init; }
        public required VectorMatrix Vectors { get; init; }

        public static Snapshot Load(IndexReader reader)
        {
            var passageOfDoc = new string[reader.MaxDoc];
            var vectors = new List<float[]>(reader.MaxDoc);
            var docOfRow = new List<int>(reader.MaxDoc);
            var rowOfDoc = new int[reader.MaxDoc];
            var scratch = new BytesRef();
            foreach (var leaf in reader.Leaves)
            {
                var ids = leaf.AtomicReader.GetBinaryDocValues(IdField) ?? throw new InvalidDataException("The index has no passage ids.");
                var stored = leaf.AtomicReader.GetBinaryDocValues(VectorField) ?? throw new InvalidDataException("The index has no vectors.");
                for (var doc = 0; doc < leaf.AtomicReader.MaxDoc; doc++)
                {
                    var global = leaf.DocBase + doc;
                    ids.Get(doc, scratch);
                    passageOfDoc[global] = scratch.Utf8ToString();
                    stored.Get(doc, scratch);
                    var vector = Split(scratch, ArcticXsEmbeddingGenerator.Dimensions);
                    if (vector.Count != 1)
                        throw new InvalidDataException($"Passage {passageOfDoc[global]} has {vector.Count} vectors.");
                    rowOfDoc[global] = vectors.Count;
                    docOfRow.Add(global);
                    vectors.Add(vector[0]);
                }
            }
            return new Snapshot
            {
                PassageOfDoc = passageOfDoc,
                DocOfPassage = passageOfDoc.Select((id, doc) => (id, doc)).ToDictionary(p => p.id, p => p.doc, StringComparer.Ordinal),
                DocOfRow = [.. docOfRow],
                RowOfDoc = rowOfDoc,
                Vectors = new VectorMatrix(ArcticXsEmbeddingGenerator.Dimensions, vectors),
            };
        }
    }

    /// <summary>BM25 for every searcher the manager makes; Lucene's default is TF-IDF.</summary>
    sealed class Bm25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = new BM25Similarity() };
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
                index._snapshot = Snapshot.Load(searcher.IndexReader);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded {Done} of {Total} texts")]
    static partial void LogEmbedding(ILogger logger, int done, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Built the passage index {Folder}: {Passages} passages, {Embedded} texts newly embedded in {EmbeddingMilliseconds} ms, {Milliseconds} ms in all")]
    static partial void LogBuilt(ILogger logger, string folder, int passages, int embedded, long embeddingMilliseconds, long milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Search failed: {Error}: {Message}")]
    static partial void LogSearchFailed(ILogger logger, string error, string message);
}

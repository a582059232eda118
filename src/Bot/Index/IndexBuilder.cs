using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text;
using Bot.Corpus;
using Bot.Embeddings;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.AI;
using Directory = System.IO.Directory;

namespace Bot.Index;

/// <summary>
/// Builds the index folder for a corpus: every passage's words for BM25, its vector, and its sentences'
/// vectors (alone and after the sentence before them), embedded once here so that a turn embeds only the
/// question. Vectors of texts that did not change are taken from the folder being replaced, so editing one
/// document embeds only that document. The folder is written beside the old one and moved into place whole.
/// </summary>
internal static partial class IndexBuilder
{
    public static async Task BuildAsync(
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
                            TensorPrimitives.ConvertToHalf(vectors[StoredVectors.Hash(sentenceTexts[i])], sentenceVectors.AsSpan(i * ArcticXsEmbeddingGenerator.Dimensions, ArcticXsEmbeddingGenerator.Dimensions));
                        writer.AddDocument(new Lucene.Net.Documents.Document
                        {
                            new StringField(IndexSchema.IdField, passage.Id, Field.Store.NO),
                            new BinaryDocValuesField(IndexSchema.IdField, new BytesRef(Encoding.UTF8.GetBytes(passage.Id))),
                            new TextField(IndexSchema.TitleField, document.Title, Field.Store.NO),
                            new TextField(IndexSchema.HeadingField, passage.Heading ?? "", Field.Store.NO),
                            new TextField(IndexSchema.BodyField, passage.Text, Field.Store.NO),
                            new BinaryDocValuesField(IndexSchema.VectorField, new BytesRef(StoredVectors.Bytes(vectors[StoredVectors.Hash(passageText)]).ToArray())),
                            new StoredField(IndexSchema.SentenceVectorsField, MemoryMarshal.AsBytes(sentenceVectors.AsSpan()).ToArray()),
                            new StoredField(IndexSchema.EmbeddedField, string.Join(' ', sentenceTexts.Prepend(passageText).Select(StoredVectors.Hash))),
                        });
                    }
                }
                writer.SetCommitData(new Dictionary<string, string> { ["corpus"] = expected });
                writer.Commit();
            }
            IndexFolder.MoveIntoPlace(building, folder);
            LogBuilt(logger, folder, corpus.Passages.Count, embeddedCount, embedded, Environment.TickCount64 - started);
        }
        finally
        {
            IndexFolder.DeleteQuietly(building);
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
                var hash = StoredVectors.Hash(text);
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
    public static Dictionary<string, float[]> ReusableVectors(string folder, string modelId)
    {
        var reusable = new Dictionary<string, float[]>(StringComparer.Ordinal);
        try
        {
            using var directory = new NIOFSDirectory(new DirectoryInfo(folder));
            if (!DirectoryReader.IndexExists(directory))
                return reusable;
            using var reader = DirectoryReader.Open(directory);
            var recorded = IndexFolder.Recorded(reader) ?? "";
            if (!recorded.StartsWith($"{IndexSchema.SchemaVersion}:{modelId}:", StringComparison.Ordinal))
                return reusable;
            foreach (var leaf in reader.Leaves)
            {
                var vectors = leaf.AtomicReader.GetBinaryDocValues(IndexSchema.VectorField);
                var scratch = new BytesRef();
                for (var doc = 0; doc < leaf.AtomicReader.MaxDoc; doc++)
                {
                    var stored = leaf.AtomicReader.Document(doc);
                    var hashes = stored.Get(IndexSchema.EmbeddedField)?.Split(' ') ?? [];
                    var sentences = stored.GetBinaryValue(IndexSchema.SentenceVectorsField) is { } bytes ? StoredVectors.SplitHalves(bytes, ArcticXsEmbeddingGenerator.Dimensions) : [];
                    if (hashes.Length != sentences.Count + 1)
                        continue;
                    vectors.Get(doc, scratch);
                    reusable[hashes[0]] = StoredVectors.Split(scratch, ArcticXsEmbeddingGenerator.Dimensions)[0];
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


    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded {Done} of {Total} texts")]
    static partial void LogEmbedding(ILogger logger, int done, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Built the passage index {Folder}: {Passages} passages, {Embedded} texts newly embedded in {EmbeddingMilliseconds} ms, {Milliseconds} ms in all")]
    static partial void LogBuilt(ILogger logger, string folder, int passages, int embedded, long embeddingMilliseconds, long milliseconds);
}

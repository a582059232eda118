using Bot.Embeddings;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Bot.Index;

/// <summary>What a search needs besides Lucene's own structures: which passage each document is, and every passage vector in one block.</summary>
sealed class IndexSnapshot
{
    public required string[] PassageOfDoc { get; init; }
    public required Dictionary<string, int> DocOfPassage { get; init; }
    public required int[] DocOfRow { get; init; }
    public required int[] RowOfDoc { get; init; }
    public required VectorMatrix Vectors { get; init; }

    /// <summary>
    /// Sentence vectors already read from stored fields: every turn weighs a dozen passages' sentences, and
    /// reading them means decompressing a block and copying the floats each time. Bounded, so that a very
    /// large corpus keeps only the passages asked about first.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentDictionary<int, SentenceVectors> SentenceVectorsOfDoc { get; } = new();

    /// <summary>
    /// Where each searched word is in each segment, and how many passages hold it, kept once looked up: a
    /// query seeks every word in three fields, and the seeks (and the term enumerators they allocate) were
    /// most of a cached turn's search. Only for this snapshot's reader; bounded like the vectors.
    /// </summary>
    readonly System.Collections.Concurrent.ConcurrentDictionary<(string Field, string Text), TermContext> _states = new();

    public TermContext StatesOf(IndexSearcher searcher, string field, string text)
    {
        if (_states.TryGetValue((field, text), out var known) && ReferenceEquals(known.TopReaderContext, searcher.TopReaderContext))
            return known;
        var states = TermContext.Build(searcher.TopReaderContext, new Term(field, text));
        if (_states.Count < MaxKnownTerms)
            _states[(field, text)] = states;
        return states;
    }

    const int MaxKnownTerms = 100_000;

    /// <summary>
    /// What a text and its vector found (both lists fused, at a number of passages), kept for texts searched
    /// again: a suggested question pressed, a common follow-up. The index does not change under a snapshot, and
    /// a question asked again comes with the vector it had (question vectors are cached), so it finds what it
    /// found; most of what a repeated question allocated was Lucene's postings enumerators finding it again.
    /// Checked against the vector, so that the same words with another vector are searched afresh.
    /// </summary>
    readonly System.Collections.Concurrent.ConcurrentDictionary<(string Text, int Limit), (float[]? Vector, SearchHit[] Hits)> _hits = new();

    /// <summary>Searches kept at most, about 2 KB each with the vector they hold; when full, the keeping starts afresh.</summary>
    const int MaxKnownSearches = 2_048;

    public SearchHit[]? KnownHits(string text, float[]? vector, int limit) =>
        _hits.TryGetValue((text, limit), out var known)
        && (ReferenceEquals(known.Vector, vector) || (known.Vector is not null && vector is not null && known.Vector.AsSpan().SequenceEqual(vector)))
            ? known.Hits
            : null;

    public void Remember(string text, float[]? vector, int limit, SearchHit[] hits)
    {
        if (_hits.Count >= MaxKnownSearches)
            _hits.Clear();
        _hits[(text, limit)] = (vector, hits);
    }

    public static IndexSnapshot Load(IndexReader reader)
    {
        var passageOfDoc = new string[reader.MaxDoc];
        var vectors = new List<float[]>(reader.MaxDoc);
        var docOfRow = new List<int>(reader.MaxDoc);
        var rowOfDoc = new int[reader.MaxDoc];
        var scratch = new BytesRef();
        foreach (var leaf in reader.Leaves)
        {
            var ids = leaf.AtomicReader.GetBinaryDocValues(IndexSchema.IdField) ?? throw new InvalidDataException("The index has no passage ids.");
            var stored = leaf.AtomicReader.GetBinaryDocValues(IndexSchema.VectorField) ?? throw new InvalidDataException("The index has no vectors.");
            for (var doc = 0; doc < leaf.AtomicReader.MaxDoc; doc++)
            {
                var global = leaf.DocBase + doc;
                ids.Get(doc, scratch);
                passageOfDoc[global] = scratch.Utf8ToString();
                stored.Get(doc, scratch);
                var vector = StoredVectors.Split(scratch, ArcticXsEmbeddingGenerator.Dimensions);
                if (vector.Count != 1)
                    throw new InvalidDataException($"Passage {passageOfDoc[global]} has {vector.Count} vectors.");
                rowOfDoc[global] = vectors.Count;
                docOfRow.Add(global);
                vectors.Add(vector[0]);
            }
        }
        return new IndexSnapshot
        {
            PassageOfDoc = passageOfDoc,
            DocOfPassage = passageOfDoc.Select((id, doc) => (id, doc)).ToDictionary(p => p.id, p => p.doc, StringComparer.Ordinal),
            DocOfRow = [.. docOfRow],
            RowOfDoc = rowOfDoc,
            Vectors = new VectorMatrix(ArcticXsEmbeddingGenerator.Dimensions, vectors),
        };
    }
}

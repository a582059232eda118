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
    /// What the words of a text found, kept for texts searched again: a suggested question pressed, a common
    /// follow-up. The index does not change under a snapshot, so neither does what they find; most of what a
    /// repeated question allocated was Lucene's postings enumerators finding it again.
    /// </summary>
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, WordHit[]> _wordHits = new(StringComparer.Ordinal);

    /// <summary>
    /// What a text and its vector found in all (both lists fused), kept likewise: a question asked again comes
    /// with the vector it had (the question vectors are cached), and finds what it found. Checked against the
    /// vector, so that the same words with another vector are searched afresh.
    /// </summary>
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, (float[]? Vector, int Limit, SearchHit[] Hits)> _hits = new(StringComparer.Ordinal);

    /// <summary>Texts kept at most, in each: about 500 bytes a text for the words, 2 KB with the fused hits and the vector they hold. When full, the keeping starts afresh.</summary>
    const int MaxKnownTexts = 2_048;

    public WordHit[] WordHits(string text, Func<WordHit[]> search)
    {
        if (_wordHits.TryGetValue(text, out var known))
            return known;
        var found = search();
        Keep(_wordHits, text, found);
        return found;
    }

    public SearchHit[]? KnownHits(string text, float[]? vector, int limit) =>
        _hits.TryGetValue(text, out var known)
        && known.Limit == limit
        && (ReferenceEquals(known.Vector, vector) || (known.Vector is not null && vector is not null && known.Vector.AsSpan().SequenceEqual(vector)))
            ? known.Hits
            : null;

    public void Remember(string text, float[]? vector, int limit, SearchHit[] hits) => Keep(_hits, text, (vector, limit, hits));

    static void Keep<T>(System.Collections.Concurrent.ConcurrentDictionary<string, T> kept, string text, T value)
    {
        if (kept.Count >= MaxKnownTexts)
            kept.Clear();
        kept[text] = value;
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

/// <summary>A passage (by Lucene document number) that a text's words found, and its BM25 score.</summary>
readonly record struct WordHit(int Doc, float Bm25);

using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace Bot.Index;

/// <summary>
/// BM25 with Lucene's parameters and scores, whose table of length norms is made once per field rather than for
/// every word of every query. Lucene's <see cref="BM25Similarity"/> (sealed where it matters) builds a 256-entry
/// table and an explanation string for each term it weighs: on an index this size, about a fifth of what a turn
/// allocates. The table depends only on the field's average length, which an index snapshot never changes.
/// Norms are written by <see cref="BM25Similarity"/> itself, so the index is the same either way.
/// </summary>
public sealed class SharedNormsBm25Similarity : Similarity
{
    const float K1 = 1.2f;
    const float B = 0.75f;

    static readonly BM25Similarity Writer = new(K1, B);

    /// <summary>What a norm byte decodes to, as <see cref="BM25Similarity"/> decodes it: the field's length.</summary>
    static readonly float[] LengthOfNorm = Enumerable.Range(0, 256).Select(i =>
    {
        var f = SmallSingle.SByte315ToSingle((sbyte)i);
        return 1f / (f * f);
    }).ToArray();

    readonly ConcurrentDictionary<(string Field, float AverageLength), float[]> _tables = new();

    public override long ComputeNorm(FieldInvertState state) => Writer.ComputeNorm(state);

    public override SimWeight ComputeWeight(float queryBoost, CollectionStatistics collectionStats, params TermStatistics[] termStats)
    {
        var idf = 0f;
        foreach (var term in termStats)
            idf += (float)Math.Log(1 + ((collectionStats.MaxDoc - term.DocFreq + 0.5D) / (term.DocFreq + 0.5D)));
        var averageLength = collectionStats.SumTotalTermFreq <= 0 ? 1f : (float)(collectionStats.SumTotalTermFreq / (double)collectionStats.MaxDoc);
        var table = _tables.GetOrAdd((collectionStats.Field, averageLength), key =>
            [.. LengthOfNorm.Select(length => K1 * ((1 - B) + (B * length / key.AverageLength)))]);
        return new Weighing(collectionStats.Field, idf, queryBoost, table);
    }

    public override SimScorer GetSimScorer(SimWeight weight, AtomicReaderContext context)
    {
        var weighing = (Weighing)weight;
        return new DocumentScorer(weighing.Weight * (K1 + 1), weighing.Table, context.AtomicReader.GetNormValues(weighing.Field));
    }

    public override string ToString() => $"BM25(k1={K1},b={B}), norm tables shared";

    sealed class Weighing(string fieldName, float idf, float queryBoost, float[] table) : SimWeight
    {
        public string Field => fieldName;

        public float[] Table => table;

        public float Weight { get; private set; }

        // As BM25: a TF-IDF-like value for the query norm, which BM25 then ignores.
        public override float GetValueForNormalization() => idf * queryBoost * idf * queryBoost;

        public override void Normalize(float queryNorm, float topLevelBoost) => Weight = idf * queryBoost * topLevelBoost;
    }

    sealed class DocumentScorer(float weight, float[] table, NumericDocValues? norms) : SimScorer
    {
        public override float Score(int doc, float freq)
        {
            // Without norms BM25 acts as if b were 0.
            var norm = norms is null ? K1 : table[(sbyte)norms.Get(doc) & 0xFF];
            return weight * freq / (freq + norm);
        }

        public override float ComputeSlopFactor(int distance) => 1f / (distance + 1);

        public override float ComputePayloadFactor(int doc, int start, int end, BytesRef payload) => 1;
    }
}

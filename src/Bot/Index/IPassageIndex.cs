namespace Bot.Index;

/// <summary>
/// The searchable corpus: every passage's words (BM25) and vectors, and its sentences' vectors. It is a
/// seam: Lucene.Net serves today. Implementations must accept any user text as a query, searching its words
/// and never interpreting it as query syntax, and must never throw on it; when the index itself cannot be
/// read they throw <see cref="IndexUnavailableException"/>, never an empty result that would pass for "not found".
/// </summary>
public interface IPassageIndex
{
    /// <summary>Why the last search failed, while no search has succeeded since; null when the index is well.</summary>
    string? LastFailure { get; }

    /// <summary>Passages for a question, best first: its words by BM25 and, when given, its vector by nearness, fused.</summary>
    IReadOnlyList<SearchHit> Search(string text, float[]? vector, int limit);

    /// <summary>The cosine of a passage's vector with the question's; 0 for a passage the index does not hold.</summary>
    float Similarity(string passageId, float[] vector);

    /// <summary>The vectors of a passage's quotable sentences (<see cref="Corpus.Passage.Sentences"/>), in order; empty for an unknown passage.</summary>
    SentenceVectors SentenceVectors(string passageId);
}

namespace Bot.Index;

/// <summary>A passage that matched a search, with the engine's relevance (higher is better).</summary>
public readonly record struct SearchHit(string PassageId, double Score);

/// <summary>
/// The full-text index of the corpus's passages. It is a seam: SQLite FTS5 serves today, and an engine
/// such as Lucene.Net can take its place. Implementations must accept any user text as a query, searching
/// its words and never interpreting it as query syntax, and must never throw on it.
/// </summary>
public interface IPassageIndex
{
    IReadOnlyList<SearchHit> Search(string text, int limit);
}

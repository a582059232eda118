namespace Bot.Index;

/// <summary>
/// A passage the search found. <see cref="Score"/> is its fused rank (reciprocal rank fusion of the word
/// search and the vector search), which only orders hits; <see cref="Bm25"/> (0 when the words did not find
/// it) and <see cref="Similarity"/> (the cosine of its vector with the question's) are the raw evidence.
/// </summary>
public readonly record struct SearchHit(string PassageId, double Score, double Bm25, float Similarity);

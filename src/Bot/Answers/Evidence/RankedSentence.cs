namespace Bot.Answers;

/// <summary>
/// A sentence weighed as an answer: what was measured of it, and the score those add up to.
/// <see cref="HoldsWhatIsAsked"/>: it has what the question's kind asks for (a date for "when", a number
/// beside the counted thing for "how many").
/// </summary>
public sealed record RankedSentence(SentenceFacts Sentence, double Score, SentenceMeasures Measures, bool HoldsWhatIsAsked)
{
    /// <summary>The sentence's meaning as the embedding model reads it (unit length), to tell whether two sentences speak of one thing.</summary>
    public float[] Meaning { get; init; } = [];

    public double Similarity => Measures.Similarity;
    public double PassageSimilarity => Measures.PassageSimilarity;
    public double Coverage => Measures.OwnCoverage;
}

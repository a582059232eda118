namespace Bot.Answers;

/// <summary>
/// A sentence weighed as an answer: what was measured of it, and the score those add up to.
/// <see cref="HoldsWhatIsAsked"/>: it has what the question's kind asks for (a date for "when", a number
/// beside the counted thing for "how many").
/// </summary>
public sealed record RankedSentence(SentenceFacts Sentence, double Score, SentenceMeasures Measures, bool HoldsWhatIsAsked)
{
    /// <summary>For a yes-or-no question: whether the sentence says yes (see <see cref="EvidenceFinder"/>); null for other questions.</summary>
    public bool? SaysYes { get; init; }

    /// <summary>For a yes-or-no question: the next sentence of the passage, where the yes or no was read from it; it is quoted too.</summary>
    public SentenceFacts? VerdictFollower { get; init; }

    /// <summary>The sentence's meaning as the embedding model reads it (unit length), to tell whether two sentences speak of one thing.</summary>
    public float[] Meaning { get; init; } = [];

    public double Similarity => Measures.Similarity;
    public double PassageSimilarity => Measures.PassageSimilarity;
    public double Coverage => Measures.OwnCoverage;
}

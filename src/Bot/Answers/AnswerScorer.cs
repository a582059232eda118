namespace Bot.Answers;

/// <summary>
/// How the measures of a sentence add up to its score: a linear model (logistic regression) fitted to the
/// tuning questions, whose output is the log-odds that the sentence answers the question. The weights come
/// from <c>bench train</c>, which runs the tuning question sets through the reader, labels every candidate
/// sentence by whether it holds what the question's expected answer holds, and fits the model; the held-out
/// set is never used for it. Every measure is general (nearness of meaning, shares of words, dates and
/// numbers, the thread): nothing here is about this corpus's subject.
/// </summary>
public static class AnswerScorer
{
    public const int Bias = 0;
    public const int Similarity = 1;
    public const int OwnSimilarity = 2;
    public const int PassageSimilarity = 3;
    public const int WordRank = 4;
    public const int OwnCoverage = 5;
    public const int CoverageAround = 6;
    public const int ContextCoverage = 7;
    public const int HoldsKind = 8;
    public const int LacksKind = 9;
    public const int IsQuestion = 10;
    public const int IsShort = 11;
    public const int QuotedBefore = 12;
    public const int CitedBefore = 13;
    public const int ThreadSimilarity = 14;
    public const int Lift = 15;
    public const int OwnLift = 16;
    public const int UnknownShare = 17;
    public const int NamesInSentence = 18;
    public const int InContextSimilarity = 19;
    public const int NamesInPassage = 20;
    public const int NumbersInSentence = 21;
    public const int RareWordsHeld = 22;
    public const int GivesReason = 23;

    public static IReadOnlyList<string> Names { get; } =
    [
        "bias", "similarity", "own similarity", "passage similarity", "word rank", "own coverage", "coverage around",
        "context coverage", "holds kind", "lacks kind", "is question", "is short", "quoted before", "cited before",
        "thread similarity", "lift", "own lift", "unknown share", "names in sentence", "in-context similarity", "names in passage", "numbers in sentence", "rare words held", "gives reason",
    ];

    /// <summary>
    /// The fitted weights, in the order of <see cref="Names"/>. "Gives reason" came later than the rest and
    /// was chosen alone on the tuning half with the others held (a full refit gives it 4.29 and moves every
    /// other weight, for no gain over both halves).
    /// </summary>
    internal static readonly double[] Weights =
    [
        -13.048, // bias
        0.729, // similarity
        1.134, // own similarity
        4.114, // passage similarity
        0.250, // word rank
        1.868, // own coverage
        0.526, // coverage around
        1.031, // context coverage
        0.033, // holds kind
        -1.177, // lacks kind
        -2.987, // is question
        -0.443, // is short
        -0.519, // quoted before
        1.929, // cited before
        1.094, // thread similarity
        6.702, // lift
        10.633, // own lift
        -2.616, // unknown share
        0.098, // names in sentence
        9.365, // in-context similarity
        0.300, // names in passage
        0.935, // numbers in sentence
        1.995, // rare words held
        4.000, // gives reason
    ];

    /// <summary>The sign a measure's weight must have, by what it means (0: either).</summary>
    public static int Sign(int feature) => feature switch
    {
        Bias => 0,
        LacksKind or IsQuestion or IsShort or QuotedBefore or UnknownShare => -1,
        _ => 1,
    };

    public static double Score(double[] features)
    {
        features[Bias] = 1;
        var score = 0.0;
        for (var i = 0; i < features.Length; i++)
            score += Weights[i] * features[i];
        return score;
    }
}

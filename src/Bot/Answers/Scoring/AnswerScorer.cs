using System.Text.Json;

namespace Bot.Answers;

/// <summary>
/// How the measures of a sentence add up to its score: a linear model fitted to the training question sets
/// (<c>bench train</c>), whose output is the log-odds that the sentence answers the question, against "no
/// answer" at 0. The weights, the decline threshold chosen with them and what they were fitted on are kept
/// in <c>scorer.json</c> beside this file, written by the training run, never by hand.
/// </summary>
public sealed class AnswerScorer
{
    /// <summary>Every measure the scorer weighs, in the order of its vectors; the bias comes first.</summary>
    public static IReadOnlyList<Measure> Measures { get; } =
    [
        new("bias", _ => 1, Sign: 0),
        new("similarity", m => m.Similarity),
        new("own similarity", m => m.OwnSimilarity),
        new("passage similarity", m => m.PassageSimilarity),
        new("word rank", m => m.WordRank),
        new("own coverage", m => m.OwnCoverage),
        new("coverage around", m => m.CoverageAround),
        new("context coverage", m => m.ContextCoverage),
        new("holds kind", m => m.HoldsKind),
        new("lacks kind", m => m.LacksKind, Sign: -1),
        new("is question", m => m.IsQuestion, Sign: -1),
        new("is short", m => m.IsShort, Sign: -1),
        new("quoted before", m => m.QuotedBefore, Sign: -1),
        new("cited before", m => m.CitedBefore),
        new("thread similarity", m => m.ThreadSimilarity),
        new("lift", m => m.Lift),
        new("own lift", m => m.OwnLift),
        new("unknown share", m => m.UnknownShare, Sign: -1),
        new("names in sentence", m => m.NamesInSentence),
        new("in-context similarity", m => m.InContextSimilarity),
        new("names in passage", m => m.NamesInPassage),
        new("numbers in sentence", m => m.NumbersInSentence),
        new("rare words held", m => m.RareWordsHeld),
        new("gives reason", m => m.GivesReason),
        new("numbers in passage", m => m.NumbersInPassage),
        new("gives what is named", m => m.GivesWhatIsNamed),
        new("synonym coverage", m => m.SynonymCoverage),
    ];

    readonly double[] _weights;

    public AnswerScorer(ScorerWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Fitted = weights;
        _weights = [.. Measures.Select(m => weights.Weights.GetValueOrDefault(m.Name))];
    }

    /// <summary>The weights the project ships, fitted on its training sets.</summary>
    public static AnswerScorer Default { get; } = new(ScorerWeights.Shipped());

    public ScorerWeights Fitted { get; }

    /// <summary>The measures in the order of <see cref="Measures"/>, as training and the weights see them.</summary>
    public static double[] Vector(SentenceMeasures measures)
    {
        var vector = new double[Measures.Count];
        for (var i = 0; i < vector.Length; i++)
            vector[i] = Measures[i].Read(measures);
        return vector;
    }

    public double Score(SentenceMeasures measures)
    {
        var score = 0.0;
        for (var i = 0; i < _weights.Length; i++)
            score += _weights[i] * Measures[i].Read(measures);
        return score;
    }
}

/// <summary>A fitted scorer: a weight per measure (by name), the decline threshold chosen with it, and what it was fitted on.</summary>
public sealed record ScorerWeights(IReadOnlyDictionary<string, double> Weights, double Threshold, IReadOnlyList<string> FittedOn, string? Note = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The weights embedded in the program (Answers/Scoring/scorer.json).</summary>
    public static ScorerWeights Shipped()
    {
        using var stream = typeof(ScorerWeights).Assembly.GetManifestResourceStream("Bot.Answers.Scoring.scorer.json")
            ?? throw new InvalidOperationException("The scorer's weights are missing from the program.");
        return JsonSerializer.Deserialize<ScorerWeights>(stream, Json) ?? throw new InvalidDataException("The scorer's weights could not be read.");
    }
}

using System.Text.Json;

namespace Bot.Answers;

/// <summary>
/// Whether the sources answer a question at all, judged from the question and its best sentences together.
/// The scorer ranks sentences, and a score alone says little about answerability: "how many are still alive?"
/// after the expulsions finds the sentence that gave how many were expelled, scored as high as an answer. A
/// logistic model over the best sentence's measures, its lead over the second, the question's kind and whether it
/// follows a thread (each measure once more for follow-ups, which fail differently), fitted by
/// <c>bench train --answerability</c> on the tuning and read question sets (1,355 turns, 994 of them learnable).
/// It judges follow-ups only. Measured on a fresh index against the score threshold (the 60 held-out sets, 2,655
/// turns): on every question 1,688 passing of 2,456 against 1,663 (w41 to w44 not run), tuning and read sets 1,000
/// against 981, but it declined "Who is Ma Zhaoxu?" of the public dev set; on follow-ups only 1,819 of 2,655 against
/// 1,806 (w41 to w44 140 against 143), tuning and read sets 995 (unanswerable turns declined 74 to 110 of 385 held
/// out, answerable ones declined 123 to 147 of 2,270). Fitted on follow-ups alone (250 turns): 1,654 of 2,456.
/// </summary>
public sealed class Answerability
{
    /// <summary>The names of the model's inputs, in the order of <see cref="Inputs"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = BuildNames();

    /// <summary>How far the best sentence's lead over the second counts: beyond this, it is all the same.</summary>
    const double MaxLead = 5;

    readonly double[] _weights;

    public Answerability(AnswerabilityWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Fitted = weights;
        _weights = [.. Names.Select(n => weights.Weights.GetValueOrDefault(n))];
    }

    public static Answerability Default { get; } = new(AnswerabilityWeights.Shipped());

    public AnswerabilityWeights Fitted { get; }

    /// <summary>How likely the best sentence answers the question, between 0 and 1; 0 where nothing was found.</summary>
    public double Likelihood(Question question, IReadOnlyList<RankedSentence> ranked)
    {
        if (ranked.Count == 0)
            return 0;
        var inputs = Inputs(question.IsFollowUp, question.Kind, ranked[0].Score, ranked.Count > 1 ? ranked[1].Score : null, AnswerScorer.Vector(ranked[0].Measures));
        var sum = 0.0;
        for (var i = 0; i < inputs.Length; i++)
            sum += _weights[i] * inputs[i];
        return 1 / (1 + Math.Exp(-Math.Clamp(sum, -30, 30)));
    }

    /// <summary>Whether the sources answer the question well enough to say so, perhaps with the caveat.</summary>
    public bool Answers(Question question, IReadOnlyList<RankedSentence> ranked) => Likelihood(question, ranked) >= Fitted.Threshold;

    /// <summary>
    /// The model's inputs for a question whose best sentence scored <paramref name="best"/> (the next,
    /// <paramref name="next"/>) with the scorer's <paramref name="sentence"/> measures.
    /// </summary>
    public static double[] Inputs(bool isFollowUp, QuestionKind kind, double best, double? next, double[] sentence)
    {
        var followUp = isFollowUp ? 1.0 : 0.0;
        var inputs = new double[Names.Count];
        var i = 0;
        inputs[i++] = 1;
        inputs[i++] = best;
        inputs[i++] = Math.Min(MaxLead, next is { } second ? best - second : MaxLead);
        inputs[i++] = followUp;
        inputs[i++] = followUp * best;
        foreach (var each in Enum.GetValues<QuestionKind>())
            inputs[i++] = kind == each ? 1 : 0;
        for (var m = 1; m < sentence.Length; m++)
            inputs[i++] = sentence[m];
        for (var m = 1; m < sentence.Length; m++)
            inputs[i++] = followUp * sentence[m];
        return inputs;
    }

    static List<string> BuildNames()
    {
        List<string> names = ["bias", "best score", "lead over the next", "follow-up", "follow-up: best score"];
        names.AddRange(Enum.GetValues<QuestionKind>().Select(k => $"kind: {k}"));
        var measures = AnswerScorer.Measures.Skip(1).Select(m => m.Name).ToList();
        names.AddRange(measures);
        names.AddRange(measures.Select(m => $"follow-up: {m}"));
        return names;
    }
}

public sealed record AnswerabilityWeights(IReadOnlyDictionary<string, double> Weights, double Threshold, IReadOnlyList<string> FittedOn, string? Note = null)
{
    /// <summary>The weights embedded in the program (Answers/Scoring/answerability.json).</summary>
    public static AnswerabilityWeights Shipped()
    {
        using var stream = typeof(AnswerabilityWeights).Assembly.GetManifestResourceStream("Bot.Answers.Scoring.answerability.json")
            ?? throw new InvalidOperationException("The answerability weights are missing from the program.");
        return JsonSerializer.Deserialize<AnswerabilityWeights>(stream, ScorerWeights.Json) ?? throw new InvalidDataException("The answerability weights could not be read.");
    }
}

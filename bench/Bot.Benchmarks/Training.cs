using System.Globalization;
using System.Text.RegularExpressions;
using Bot.Answers;
using Bot.Cli;
using Bot.Conversations;
using Bot.Corpus;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Benchmarks;

/// <summary>
/// Fits <see cref="AnswerScorer"/>'s weights to tuning question sets. Every turn is read and searched as the
/// bot does it; every candidate sentence is labelled by whether it (with the sentence before it, which a
/// pointing-back sentence brings along) holds what the turn's expected answer must hold, and comes from a
/// document the turn may cite. The model is a choice among the candidates and "no answer" (scored 0): a
/// softmax over each turn's candidates, fitted by gradient descent with a little L2, so that a question
/// the sources answer puts a right sentence first and above 0, and one they do not leaves every sentence
/// below 0. The weights it prints go into AnswerScorer by hand.
/// <c>dotnet run -c Release --project bench/Bot.Benchmarks -- train tests/Bot.Tests/eval/natural-tune.json ...</c>
/// </summary>
public static partial class Training
{
    sealed record Candidate(double[] Features, bool Right, string Text = "");

    sealed record TurnData(string Question, bool Abstain, List<Candidate> Candidates);

    public static async Task<int> RunAsync(string[] args)
    {
        var files = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var indexFolder = Path.Combine(Path.GetTempPath(), "bot-calibrate-index");
        using var model = ScaleTest.NewModel();
        // The fitted model's boundary is 0 ("no answer" scores 0), so the conversations run at that threshold.
        using var host = BotServer.Pipeline(new Dictionary<string, string?> { ["Corpus:IndexPath"] = indexFolder, ["Answers:MinScore"] = "0" }, model);
        var reader = host.Services.GetRequiredService<QuestionReader>();
        var finder = host.Services.GetRequiredService<EvidenceFinder>();
        var answerer = host.Services.GetRequiredService<Answerer>();
        var store = host.Services.GetRequiredService<IConversationStore>();
        var corpus = host.Services.GetRequiredService<CorpusSnapshot>();
        var catalog = host.Services.GetRequiredService<SentenceCatalog>();

        var turns = new List<TurnData>();
        foreach (var file in files)
        {
            var set = EvalRunner.Load(file);
            foreach (var conversation in set.Conversations)
            {
                var id = $"train-{conversation.Id}-{Guid.NewGuid():N}";
                foreach (var turn in conversation.Turns)
                {
                    var history = await store.RecentTurnsAsync(id, CancellationToken.None);
                    var question = reader.Read(turn.Say, history, corpus.Metadata.Subject);
                    var evidence = await finder.FindAsync(question, history, CancellationToken.None);
                    var facts = (turn.Expect ?? []).Where(p => !p.StartsWith('^') && !p.Contains("differ", StringComparison.Ordinal)).ToList();
                    var documents = (turn.Cite ?? []).Select(c => set.Docs?.GetValueOrDefault(c, c) ?? c).ToHashSet(StringComparer.Ordinal);
                    if (turn.Abstain || facts.Count > 0)
                    {
                        var candidates = evidence.Sentences.Select(r => new Candidate(r.Features, !turn.Abstain && Holds(r.Sentence, catalog, facts) && (documents.Count == 0 || documents.Contains(r.Sentence.Passage.DocumentId)), r.Sentence.Text)).ToList();
                        if (question.IsOutsideCorpus)
                            candidates.Clear();
                        turns.Add(new TurnData(turn.Say, turn.Abstain, candidates));
                    }
                    await answerer.AnswerAsync(id, turn.Say, CancellationToken.None);
                }
            }
        }
        var learnable = turns.Where(t => t.Abstain || t.Candidates.Any(c => c.Right)).ToList();
        Console.WriteLine($"{turns.Count} turns with labels, {learnable.Count} learnable ({turns.Count(t => t.Abstain)} unanswerable); {turns.Count(t => !t.Abstain && !t.Candidates.Any(c => c.Right))} answerable turns have no right sentence among the candidates");

        var lambda = args.FirstOrDefault(a => a.StartsWith("--lambda=", StringComparison.Ordinal)) is { } given ? double.Parse(given[9..], CultureInfo.InvariantCulture) : 0.01;
        var weights = Fit(learnable, AnswerScorer.Names.Count, lambda, iterations: 3000, rate: 0.3);
        Console.WriteLine($"fitted: {Right(turns, weights)} of {turns.Count} right");
        if (args.Contains("--refine"))
            weights = Refine(turns, weights);
        Console.WriteLine("weights:");
        Console.WriteLine(string.Join(",\n", weights.Select((w, i) => $"        {w.ToString("F3", CultureInfo.InvariantCulture)}, // {AnswerScorer.Names[i]}")));
        Console.WriteLine($"turns right on these sets, before: {Right(turns, AnswerScorer.Weights)} of {turns.Count}, after: {Right(turns, weights)} of {turns.Count}");
        for (var d = 1; d < AnswerScorer.Names.Count; d++)
            Console.WriteLine($"  {AnswerScorer.Names[d]}: non-zero in {turns.SelectMany(t => t.Candidates).Count(c => c.Features[d] != 0)} candidates");
        if (args.Contains("--show"))
        {
            foreach (var turn in turns)
            {
                var ranked = turn.Candidates.Select(c => (c, Score: Dot(weights, c.Features))).OrderByDescending(c => c.Score).ToList();
                var rightAt = ranked.FindIndex(r => r.c.Right);
                var ok = turn.Abstain ? ranked.Count == 0 || ranked[0].Score < 0 : rightAt == 0 && ranked[0].Score >= 0;
                if (ok)
                    continue;
                Console.WriteLine($"WRONG {(turn.Abstain ? "abstain" : $"right at {rightAt}")}: {turn.Question}");
                if (ranked.Count > 0)
                    Console.WriteLine($"   top {ranked[0].Score:F2}: {ranked[0].c.Text[..Math.Min(120, ranked[0].c.Text.Length)]}");
                if (rightAt > 0)
                    Console.WriteLine($"   right {ranked[rightAt].Score:F2}: {ranked[rightAt].c.Text[..Math.Min(120, ranked[rightAt].c.Text.Length)]}");
            }
        }
        return 0;
    }

    /// <summary>
    /// The sentence holds every expected fact, read as an answer shows it: with the sentence before it (which
    /// a sentence that points back brings along) and, when it is short, the one after (which an explanation brings).
    /// </summary>
    static bool Holds(SentenceFacts sentence, SentenceCatalog catalog, List<string> facts)
    {
        var sentences = catalog.Find(sentence.Passage.Id)?.Sentences ?? [sentence];
        var text = sentence.Index > 0 ? sentences[sentence.Index - 1].Text + " " + sentence.Text : sentence.Text;
        if (sentence.WordCount < 20 && sentence.Index + 1 < sentences.Count)
            text += " " + sentences[sentence.Index + 1].Text;
        return facts.All(f => Regex.IsMatch(text, f, RegexOptions.IgnoreCase));
    }

    static int Right(List<TurnData> turns, double[] weights) => turns.Count(t =>
    {
        var best = t.Candidates.Select(c => (c, Score: Dot(weights, c.Features))).OrderByDescending(c => c.Score).FirstOrDefault();
        return t.Abstain ? best.c is null || best.Score < 0 : best.c is not null && best.Score >= 0 && best.c.Right;
    });

    /// <summary>
    /// From the fitted weights, a few rounds of coordinate search on what is measured in the end (turns right):
    /// each weight scaled or shifted, a change kept only when more turns come out right, and the smallest
    /// change preferred, so the model stays near the fitted one.
    /// </summary>
    static double[] Refine(List<TurnData> turns, double[] start)
    {
        var w = (double[])start.Clone();
        var best = Right(turns, w);
        for (var round = 0; round < 3; round++)
        {
            var improved = false;
            for (var d = 0; d < w.Length; d++)
            {
                foreach (var change in new Func<double, double>[] { x => x * 0.8, x => x * 1.25, x => x + 0.5, x => x - 0.5, x => x * 0.5, x => x * 1.5, x => x + 1, x => x - 1, _ => 0 })
                {
                    var trial = (double[])w.Clone();
                    trial[d] = change(w[d]);
                    var right = Right(turns, trial);
                    if (right > best)
                    {
                        (w, best, improved) = (trial, right, true);
                        Console.WriteLine($"  {AnswerScorer.Names[d]} -> {trial[d]:F3}: {right} right");
                    }
                }
            }
            if (!improved)
                break;
        }
        return w;
    }

    static double Dot(double[] w, double[] x)
    {
        var s = 0.0;
        for (var i = 0; i < w.Length; i++)
            s += w[i] * (i == AnswerScorer.Bias ? 1 : x[i]);
        return s;
    }

    /// <summary>Fits on standardised measures (so that the penalty weighs them alike), and gives the weights back for raw ones.</summary>
    static double[] Fit(List<TurnData> turns, int dimensions, double lambda, int iterations, double rate)
    {
        var all = turns.SelectMany(t => t.Candidates).ToList();
        var mean = new double[dimensions];
        var spread = new double[dimensions];
        for (var d = 1; d < dimensions; d++)
        {
            mean[d] = all.Average(c => c.Features[d]);
            spread[d] = Math.Sqrt(all.Average(c => (c.Features[d] - mean[d]) * (c.Features[d] - mean[d])));
            if (spread[d] < 1e-6)
                spread[d] = 1;
        }
        var standard = turns.Select(t => t with
        {
            Candidates = [.. t.Candidates.Select(c => c with { Features = [.. c.Features.Select((x, d) => d == AnswerScorer.Bias ? 1 : (x - mean[d]) / spread[d])] })],
        }).ToList();
        // The penalty pulls towards what the measures are known to be worth, not towards nothing: a question's
        // rare names and words found in a sentence point to it, whatever a few turns say.
        var prior = new double[dimensions];
        foreach (var (feature, weight) in Prior)
            prior[feature] = weight * spread[feature];
        var fitted = FitStandard(standard, dimensions, lambda, iterations, rate, prior);
        var raw = new double[dimensions];
        raw[AnswerScorer.Bias] = fitted[AnswerScorer.Bias];
        for (var d = 1; d < dimensions; d++)
        {
            raw[d] = fitted[d] / spread[d];
            raw[AnswerScorer.Bias] -= fitted[d] * mean[d] / spread[d];
        }
        return raw;
    }

    static readonly (int Feature, double Weight)[] Prior =
    [
        (AnswerScorer.NamesInSentence, 2.0),
        (AnswerScorer.RareWordsHeld, 2.0),
        (AnswerScorer.OwnCoverage, 2.0),
        (AnswerScorer.NumbersInSentence, 1.5),
    ];

    static double[] FitStandard(List<TurnData> turns, int dimensions, double lambda, int iterations, double rate, double[] prior)
    {
        var w = (double[])prior.Clone();
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var gradient = new double[dimensions];
            var loss = 0.0;
            foreach (var turn in turns)
            {
                var scores = turn.Candidates.Select(c => Dot(w, c.Features)).ToArray();
                var top = Math.Max(0, scores.Length > 0 ? scores.Max() : 0);
                var exp = scores.Select(s => Math.Exp(s - top)).ToArray();
                var z = Math.Exp(-top) + exp.Sum();
                var right = turn.Abstain ? Math.Exp(-top) : turn.Candidates.Select((c, i) => c.Right ? exp[i] : 0).Sum();
                loss -= Math.Log(right / z);
                for (var i = 0; i < scores.Length; i++)
                {
                    var p = exp[i] / z;
                    var q = !turn.Abstain && turn.Candidates[i].Right ? exp[i] / right : 0;
                    for (var d = 0; d < dimensions; d++)
                        gradient[d] += (p - q) * (d == AnswerScorer.Bias ? 1 : turn.Candidates[i].Features[d]);
                }
            }
            for (var d = 0; d < dimensions; d++)
            {
                var penalty = d == AnswerScorer.Bias ? 0 : lambda * (w[d] - prior[d]);
                w[d] -= rate * ((gradient[d] / turns.Count) + penalty);
                // What each measure means fixes the sign of its weight: more of the question held can only help,
                // a question sentence can only hurt. Without this, a few turns can teach the opposite.
                w[d] = AnswerScorer.Sign(d) switch { > 0 => Math.Max(0, w[d]), < 0 => Math.Min(0, w[d]), _ => w[d] };
            }
            if (iteration % 1000 == 0)
                Console.WriteLine($"  iteration {iteration}: loss {loss / turns.Count:F4}");
        }
        return w;
    }
}

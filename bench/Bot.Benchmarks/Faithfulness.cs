using System.Globalization;
using Bot.Answers;
using Bot.Answers.Model;
using Bot.Cli;
using Bot.Corpus;
using Bot.Embeddings;
using Bot.Index;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Benchmarks;

/// <summary>
/// Measures the check of a model's answer on a faithfulness set (realistic answers over the corpus, and the same
/// answers with one planted falsehood each): the share of faithful sentences shown whole, and the share of
/// planted falsehoods removed, by kind, at each cosine threshold. The threshold is chosen on the items given
/// with --fit and reported on those given with --check.
/// <c>dotnet run -c Release --project bench/Bot.Benchmarks -- faithfulness --fit A.json --check B.json</c>
/// </summary>
public static class Faithfulness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var fit = args.SkipWhile(a => a != "--fit").Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var check = args.SkipWhile(a => a != "--check").Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        using var model = ScaleTest.NewModel();
        using var host = BotServer.Pipeline(new Dictionary<string, string?> { ["Corpus:IndexPath"] = Path.Combine(Path.GetTempPath(), "bot-train", "repository-index") }, model);
        var corpus = host.Services.GetRequiredService<CorpusSnapshot>();
        var catalog = host.Services.GetRequiredService<SentenceCatalog>();
        var fitItems = fit.SelectMany(f => FaithfulnessSet.Load(f).Items).ToList();
        var checkItems = check.SelectMany(f => FaithfulnessSet.Load(f).Items).ToList();

        Console.WriteLine("| threshold | set | faithful sentences shown | falsehoods removed | number | name | negation | event | quotation | clause |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var best = (Threshold: 0.0, Score: -1.0);
        for (var threshold = 0.55; threshold <= 0.851; threshold += 0.05)
        {
            var support = new SupportCheck(
                host.Services.GetRequiredService<QueryVectors>(),
                host.Services.GetRequiredService<IPassageIndex>(),
                catalog,
                Options.Create(new LanguageModelOptions { MinSupport = threshold }));
            foreach (var (label, items) in new[] { ("fit", fitItems), ("check", checkItems) })
            {
                if (items.Count == 0)
                    continue;
                var result = await FaithfulnessSet.MeasureAsync(items, support, corpus, catalog);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {threshold:F2} | {label} | {result.Shown} of {result.Faithful} ({100 * result.ShownShare:F0} %) | {result.Removed} of {result.Planted} ({100 * result.RemovedShare:F0} %) | {string.Join(" | ", FaithfulnessSet.Kinds.Select(k => $"{result.ByKind[k].Removed}/{result.ByKind[k].Of}"))} |"));
                if (args.Contains("--show") && label == "fit" && Math.Abs(threshold - Threshold(args)) < 0.01)
                {
                    foreach (var miss in result.Misses)
                        Console.WriteLine($"  {miss}");
                }
                var score = Math.Min(result.ShownShare, result.RemovedShare);
                if (label == "fit" && score > best.Score)
                    best = (threshold, score);
            }
        }
        Console.WriteLine($"chosen on the fit items: {best.Threshold:F2}");
        return 0;
    }

    static double Threshold(string[] args) =>
        args.FirstOrDefault(a => a.StartsWith("--at=", StringComparison.Ordinal)) is { } at ? double.Parse(at[5..], CultureInfo.InvariantCulture) : -1;
}

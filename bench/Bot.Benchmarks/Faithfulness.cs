using System.Globalization;
using System.Text.Json;
using Bot.Answers;
using Bot.Answers.Model;
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
    sealed record Planted(string Kind, string Answer, string False);

    sealed record Item(string Id, string Question, IReadOnlyList<string> Passages, string Answer, IReadOnlyList<Planted> Planted);

    sealed record FaithSet(string Name, IReadOnlyList<Item> Items);

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(string[] args)
    {
        var fit = args.SkipWhile(a => a != "--fit").Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var check = args.SkipWhile(a => a != "--check").Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        using var model = ScaleTest.NewModel();
        using var host = BotServer.Pipeline(new Dictionary<string, string?> { ["Corpus:IndexPath"] = Path.Combine(Path.GetTempPath(), "bot-train", "repository-index") }, model);
        var corpus = host.Services.GetRequiredService<CorpusSnapshot>();
        var catalog = host.Services.GetRequiredService<SentenceCatalog>();
        var fitItems = fit.SelectMany(f => Load(f).Items).ToList();
        var checkItems = check.SelectMany(f => Load(f).Items).ToList();

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
                var result = await MeasureAsync(items, support, corpus, catalog, showFailures: args.Contains("--show") && label == "fit" && Math.Abs(threshold - Threshold(args)) < 0.01);
                Console.WriteLine($"| {threshold:F2} | {label} | {result.Shown} | {result.Removed} | {string.Join(" | ", result.ByKind)} |");
                if (label == "fit" && result.Score > best.Score)
                    best = (threshold, result.Score);
            }
        }
        Console.WriteLine($"chosen on the fit items: {best.Threshold:F2}");
        return 0;
    }

    static double Threshold(string[] args) =>
        args.FirstOrDefault(a => a.StartsWith("--at=", StringComparison.Ordinal)) is { } at ? double.Parse(at[5..], CultureInfo.InvariantCulture) : -1;

    static FaithSet Load(string path) => JsonSerializer.Deserialize<FaithSet>(File.ReadAllText(path), Json) ?? throw new InvalidDataException(path);

    sealed record Result(string Shown, string Removed, IReadOnlyList<string> ByKind, double Score);

    static async Task<Result> MeasureAsync(List<Item> items, SupportCheck support, CorpusSnapshot corpus, SentenceCatalog catalog, bool showFailures)
    {
        int faithful = 0, shown = 0, planted = 0, removed = 0;
        var kinds = new[] { "number", "name", "negation", "event", "quotation", "clause" };
        var byKind = kinds.ToDictionary(k => k, _ => (Removed: 0, Of: 0));
        foreach (var item in items)
        {
            var given = Given(item, corpus, catalog);
            var checkedAnswer = await support.CheckAsync(item.Answer, given, CancellationToken.None);
            var sentences = ReplyParser.Sentences(item.Answer, int.MaxValue);
            faithful += sentences.Count;
            var whole = sentences.Count(s => checkedAnswer.Kept.Any(k => Same(k.Text, s.Text)));
            shown += whole;
            if (showFailures && whole < sentences.Count)
            {
                foreach (var dropped in checkedAnswer.Dropped)
                    Console.WriteLine($"  faithful dropped [{item.Id}] {dropped.Text}\n      because {dropped.Reason}");
                if (checkedAnswer.Dropped.Count == 0)
                    Console.WriteLine($"  faithful changed [{item.Id}] {item.Answer}\n      shown as {string.Join(' ', checkedAnswer.Kept.Select(k => k.Text))}");
            }
            foreach (var falsehood in item.Planted)
            {
                var result = await support.CheckAsync(falsehood.Answer, given, CancellationToken.None);
                var text = string.Join(' ', result.Kept.Select(k => k.Text));
                var gone = !Contains(text, falsehood.False);
                planted++;
                removed += gone ? 1 : 0;
                if (byKind.TryGetValue(falsehood.Kind, out var count))
                    byKind[falsehood.Kind] = (count.Removed + (gone ? 1 : 0), count.Of + 1);
                if (showFailures && !gone)
                    Console.WriteLine($"  {falsehood.Kind} kept [{item.Id}] {falsehood.False}");
            }
        }
        var shownShare = faithful == 0 ? 0 : (double)shown / faithful;
        var removedShare = planted == 0 ? 0 : (double)removed / planted;
        return new Result(
            $"{shown} of {faithful} ({100 * shownShare:F0} %)",
            $"{removed} of {planted} ({100 * removedShare:F0} %)",
            [.. kinds.Select(k => $"{byKind[k].Removed}/{byKind[k].Of}")],
            Math.Min(shownShare, removedShare));
    }

    /// <summary>The item's paragraphs as the passages that hold them, numbered as the model was given them (a long paragraph's parts share its number).</summary>
    static List<GivenPassage> Given(Item item, CorpusSnapshot corpus, SentenceCatalog catalog)
    {
        var given = new List<GivenPassage>();
        for (var i = 0; i < item.Passages.Count; i++)
        {
            var paragraph = Squeezed(item.Passages[i]);
            foreach (var passage in corpus.Passages.Where(p => paragraph.Contains(Squeezed(p.Text), StringComparison.Ordinal) || Squeezed(p.Text).Contains(paragraph, StringComparison.Ordinal)))
                given.Add(new GivenPassage(i + 1, passage, corpus.DocumentOf(passage).Title, catalog.Find(passage.Id)!.Sentences));
        }
        return given;
    }

    static bool Same(string a, string b) => Squeezed(a).TrimEnd('.') == Squeezed(b).TrimEnd('.');

    /// <summary>The kept text still holds the falsehood; its citation markers are not part of what is said (the kept text has none).</summary>
    static bool Contains(string text, string part) =>
        Squeezed(text).Contains(Squeezed(System.Text.RegularExpressions.Regex.Replace(part, @"\s*\[\d+\]", "")).TrimEnd('.', ' '), StringComparison.OrdinalIgnoreCase);

    static string Squeezed(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Replace('\u2019', '\'').Replace('“', '"').Replace('”', '"');
}

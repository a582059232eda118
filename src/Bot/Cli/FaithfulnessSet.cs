using System.Text.Json;
using System.Text.RegularExpressions;
using Bot.Answers;
using Bot.Answers.Model;
using Bot.Corpus;

namespace Bot.Cli;

/// <summary>
/// A faithfulness set: answers a careful model would write from given passages, each also with one planted
/// falsehood (a number, a name, a negation, an event, a quotation, an appended clause). Measured by running
/// the model path's support check over them; used by <c>bench faithfulness</c> and by the tests that hold the
/// check's levels.
/// </summary>
public sealed partial record FaithfulnessSet(string Name, IReadOnlyList<FaithfulnessItem> Items)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly IReadOnlyList<string> Kinds = ["number", "name", "negation", "event", "quotation", "clause"];

    public static FaithfulnessSet Load(string path) =>
        JsonSerializer.Deserialize<FaithfulnessSet>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} holds no faithfulness set.");

    /// <summary>Every faithful sentence shown whole or not, every falsehood removed or not, with what went wrong.</summary>
    public static async Task<FaithfulnessResult> MeasureAsync(IEnumerable<FaithfulnessItem> items, SupportCheck check, CorpusSnapshot corpus, SentenceCatalog catalog, CancellationToken cancellationToken = default)
    {
        int faithful = 0, shown = 0;
        var byKind = Kinds.ToDictionary(k => k, _ => (Removed: 0, Of: 0));
        var misses = new List<string>();
        foreach (var item in items)
        {
            var given = Given(item, corpus, catalog);
            var result = await check.CheckAsync(item.Answer, given, cancellationToken).ConfigureAwait(false);
            foreach (var sentence in ReplyParser.Sentences(item.Answer, int.MaxValue))
            {
                faithful++;
                if (result.Kept.Any(k => Squeezed(k.Text).TrimEnd('.') == Squeezed(sentence.Text).TrimEnd('.')))
                    shown++;
                else
                {
                    // The reasons for this sentence's own pieces, not its neighbours'.
                    var own = result.Dropped.Where(d => Squeezed(Unmarked(sentence.Text)).Contains(Squeezed(Unmarked(d.Text)).TrimEnd('.', ' '), StringComparison.Ordinal));
                    misses.Add($"faithful not shown [{item.Id}] {sentence.Text}\n      because {string.Join(" | ", own.Select(d => $"\"{d.Text}\": {d.Reason}").DefaultIfEmpty("it was shown changed"))}");
                }
            }
            foreach (var falsehood in item.Planted)
            {
                var checkedFalse = await check.CheckAsync(falsehood.Answer, given, cancellationToken).ConfigureAwait(false);
                var kept = Squeezed(string.Join(' ', checkedFalse.Kept.Select(k => k.Text)));
                var gone = !kept.Contains(Squeezed(Unmarked(falsehood.False)).TrimEnd('.', ' '), StringComparison.OrdinalIgnoreCase);
                var (removed, of) = byKind.GetValueOrDefault(falsehood.Kind);
                byKind[falsehood.Kind] = (removed + (gone ? 1 : 0), of + 1);
                if (!gone)
                    misses.Add($"{falsehood.Kind} kept [{item.Id}] {falsehood.False}");
            }
        }
        return new FaithfulnessResult(faithful, shown, byKind, misses);
    }

    /// <summary>The item's paragraphs as the passages that hold them, numbered as the model was given them (a long paragraph's parts share its number).</summary>
    static List<GivenPassage> Given(FaithfulnessItem item, CorpusSnapshot corpus, SentenceCatalog catalog)
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

    /// <summary>Citation markers are not part of what is said: the kept text has none.</summary>
    static string Unmarked(string text) => Marker().Replace(text, "");

    static string Squeezed(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Replace('\u2019', '\'').Replace('“', '"').Replace('”', '"');

    [GeneratedRegex(@"\s*\[\d+\]")]
    private static partial Regex Marker();
}

public sealed record FaithfulnessItem(string Id, string Question, IReadOnlyList<string> Passages, string Answer, IReadOnlyList<PlantedFalsehood> Planted);

public sealed record PlantedFalsehood(string Kind, string Answer, string False);

public sealed record FaithfulnessResult(int Faithful, int Shown, IReadOnlyDictionary<string, (int Removed, int Of)> ByKind, IReadOnlyList<string> Misses)
{
    public int Planted => ByKind.Values.Sum(k => k.Of);

    public int Removed => ByKind.Values.Sum(k => k.Removed);

    public double ShownShare => Faithful == 0 ? 0 : (double)Shown / Faithful;

    public double RemovedShare => Planted == 0 ? 0 : (double)Removed / Planted;
}

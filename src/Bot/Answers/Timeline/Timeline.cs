using System.Globalization;
using System.Numerics.Tensors;
using System.Text.RegularExpressions;
using Bot.Index;

namespace Bot.Answers;

/// <summary>A dated event as a source states it: the sentence (with the one before it where it points back), and when.</summary>
public sealed record TimelineEntry(int Year, int Month, SentenceFacts Sentence, SentenceFacts? LeadIn)
{
    /// <summary>Other sources' accounts of the same event under another date, shown beside this one.</summary>
    public IReadOnlyList<TimelineEntry> OtherDates { get; init; } = [];

    public string Date => Month > 0 ? $"{CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(Month)} {Year}" : Year.ToString(CultureInfo.InvariantCulture);

    public string Text => LeadIn is null ? Sentence.Text : $"{LeadIn.Text} {Sentence.Text}";
}

/// <summary>
/// Every dated event the sources state, in order of date: each sentence that opens with or turns on a year
/// ("In 1956, ...", "By 1949, ...", "The war was fought between 1904 and 1905"), dated by its first year and,
/// where it names one, its month. Where two documents tell one event (their sentences near in meaning) under
/// different dates, the two are kept together, so a disagreement is shown rather than hidden. Built from the
/// corpus when it is loaded, from sentences and vectors the index already holds: nothing here is about one
/// corpus's subject, so any corpus gets its own timeline.
/// </summary>
public sealed partial class Timeline
{
    /// <summary>How near in meaning two sentences must be to count as one event told twice.</summary>
    const float OneEvent = 0.9f;

    readonly Lazy<IReadOnlyList<TimelineEntry>> _entries;

    public Timeline(SentenceCatalog catalog, Corpus.CorpusSnapshot corpus, IPassageIndex index, TimeProvider time)
    {
        _entries = new Lazy<IReadOnlyList<TimelineEntry>>(() => Build(catalog, corpus, index, time.GetUtcNow().Year + 1));
    }

    /// <summary>The whole timeline, earliest first.</summary>
    public IReadOnlyList<TimelineEntry> Entries => _entries.Value;

    /// <summary>The entries dated within the years given (both included).</summary>
    public IReadOnlyList<TimelineEntry> Between(int from, int to) => [.. Entries.Where(e => e.Year >= from && e.Year <= to)];

    static List<TimelineEntry> Build(SentenceCatalog catalog, Corpus.CorpusSnapshot corpus, IPassageIndex index, int lastYear)
    {
        var entries = new List<(TimelineEntry Entry, float[] Meaning)>();
        foreach (var passage in corpus.Passages)
        {
            if (catalog.Find(passage.Id) is not { } facts)
                continue;
            var vectors = index.SentenceVectors(passage.Id);
            foreach (var sentence in facts.Sentences)
            {
                if (sentence.IsQuestion || DateOf(sentence.Text, lastYear) is not { } date)
                    continue;
                var leadIn = sentence.LeansOnPrevious && sentence.Index > 0 ? facts.Sentences[sentence.Index - 1] : null;
                var meaning = sentence.Index < vectors.Count ? vectors.Alone[sentence.Index] : [];
                entries.Add((new TimelineEntry(date.Year, date.Month, sentence, leadIn), meaning));
            }
        }

        // One event told by two documents under two dates: each account is shown with the other beside it.
        var kept = new List<TimelineEntry>();
        for (var i = 0; i < entries.Count; i++)
        {
            var (entry, meaning) = entries[i];
            var others = entries
                .Where(other => other.Entry.Sentence.Passage.DocumentId != entry.Sentence.Passage.DocumentId && other.Entry.Year != entry.Year
                    && meaning.Length > 0 && other.Meaning.Length > 0 && TensorPrimitives.Dot(meaning, other.Meaning) >= OneEvent)
                .Select(other => other.Entry)
                .ToList();
            kept.Add(entry with { OtherDates = others });
        }
        return [.. kept.OrderBy(e => e.Year).ThenBy(e => e.Month)];
    }

    /// <summary>
    /// When a sentence says its event happened: the first year it gives as a date ("in 1956", "by 1949",
    /// "between 1904 and 1905", "1945" opening it), with the month written before it. A year after
    /// <paramref name="lastYear"/> is a forecast, not an event.
    /// </summary>
    internal static (int Year, int Month)? DateOf(string sentence, int lastYear)
    {
        var match = DatedYear().Match(sentence);
        if (!match.Success)
            return null;
        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (year > lastYear)
            return null;
        var month = match.Groups["month"].Success
            ? Array.FindIndex(CultureInfo.InvariantCulture.DateTimeFormat.MonthNames, m => m.Equals(match.Groups["month"].Value, StringComparison.OrdinalIgnoreCase)) + 1
            : 0;
        return (year, month);
    }

    [GeneratedRegex(@"\b(?:in|by|since|from|between|after|before|until|of|on|during|early|late|mid)\s+(?:(?:early|late|mid)[- ])?(?:(?<month>January|February|March|April|May|June|July|August|September|October|November|December)\s+(?:\d{1,2},\s+)?)?(?<year>1[5-9]\d\d|20\d\d)\b|^(?:(?<month>January|February|March|April|May|June|July|August|September|October|November|December)\s+)?(?<year>1[5-9]\d\d|20\d\d)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DatedYear();
}

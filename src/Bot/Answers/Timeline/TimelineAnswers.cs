using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Bot.Corpus;

namespace Bot.Answers;

/// <summary>
/// Answers "give me a timeline" and "what happened between 1945 and 1956?" with that part of the
/// <see cref="Timeline"/>: each dated event in order, in the sources' words, each with its citation, and a
/// date two sources give differently shown both ways.
/// </summary>
public sealed partial class TimelineAnswers(Timeline timeline, CorpusSnapshot corpus)
{
    /// <summary>A chat reply holds this many events; the page at /timeline holds them all.</summary>
    const int MaxEntries = 10;

    /// <summary>The timeline answer to the message, or null when it asks something else.</summary>
    public Answer? TryAnswer(string text)
    {
        var range = Range().Match(text);
        IReadOnlyList<TimelineEntry> entries;
        string opening;
        if (range.Success)
        {
            var from = int.Parse(range.Groups["from"].Value, CultureInfo.InvariantCulture);
            var to = int.Parse(range.Groups["to"].Value, CultureInfo.InvariantCulture);
            if (to < from)
                (from, to) = (to, from);
            entries = timeline.Between(from, to);
            opening = $"What the sources date between {from} and {to}:";
        }
        else if (AsksForTimeline().IsMatch(text))
        {
            entries = timeline.Entries;
            opening = "The dated events in the sources, in order:";
        }
        else
        {
            return null;
        }
        if (entries.Count == 0)
            return null;

        var citations = new List<Citation>();
        var quoted = new List<string>();
        var reply = new StringBuilder(opening);
        foreach (var entry in entries.Take(MaxEntries))
        {
            reply.Append("\n\n**").Append(entry.Date).Append("**: ").Append(entry.Text).Append(Cite(entry, citations, quoted));
            foreach (var other in entry.OtherDates)
                reply.Append(" Another source dates this ").Append(other.Date).Append(": ").Append(other.Text).Append(Cite(other, citations, quoted));
        }
        if (entries.Count > MaxEntries)
            reply.Append(CultureInfo.InvariantCulture, $"\n\nThat is {MaxEntries} of {entries.Count} dated events; ask about a shorter period (\"what happened between {entries[MaxEntries].Year} and {entries[^1].Year}?\") for the rest.");
        return new Answer(AnswerKind.Answered, reply.ToString(), citations) { QuotedSentences = quoted, SourcesDiffer = entries.Any(e => e.OtherDates.Count > 0) };
    }

    string Cite(TimelineEntry entry, List<Citation> citations, List<string> quoted)
    {
        var passage = entry.Sentence.Passage;
        var citation = citations.Find(c => c.Passage.Id == passage.Id);
        if (citation is null)
        {
            citation = new Citation(citations.Count + 1, passage, corpus.DocumentOf(passage).Title);
            citations.Add(citation);
        }
        quoted.Add(entry.Sentence.Key);
        var text = entry.Text;
        return (".!?\"”’)".Contains(text[^1], StringComparison.Ordinal) ? "" : ".") + $" [{citation.Position}]";
    }

    /// <summary>"Give me a timeline", not "the exact date, for the timeline": a fact wanted for one's own timeline is a question of its own.</summary>
    [GeneratedRegex(@"(?<!\bfor\s+(the|my|our|a|your|his|her|their)\s+)\b(timeline|time line|chronolog(y|ical)|key dates|sequence of events|dates? of (the )?(main |key )?events)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AsksForTimeline();

    [GeneratedRegex(@"\b(?:between|from)\s+(?:the\s+years?\s+)?(?<from>1[5-9]\d\d|20\d\d)\s*(?:and|to|until|till|through|-|–)\s*(?<to>1[5-9]\d\d|20\d\d)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Range();
}

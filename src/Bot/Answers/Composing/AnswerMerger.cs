using System.Text;
using System.Text.RegularExpressions;

namespace Bot.Answers;

/// <summary>
/// One reply to a message of several questions: each part's answer in turn, with its own citations, numbered
/// anew across the reply. A part the sources do not answer says so in a sentence of its own; when none is
/// answered the reply is the first part's decline.
/// </summary>
public static partial class AnswerMerger
{
    public static Answer Merge(IReadOnlyList<(string Part, Answer Answer)> parts)
    {
        if (parts.Count == 1)
            return parts[0].Answer;
        if (parts.All(p => p.Answer.Kind != AnswerKind.Answered))
            return parts[0].Answer;

        var citations = new List<Citation>();
        var text = new StringBuilder();
        var shown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (part, answer) in parts)
        {
            if (answer.Kind != AnswerKind.Answered)
            {
                if (text.Length > 0)
                    text.Append("\n\n");
                text.Append("As for \"").Append(part.TrimEnd('?')).Append("?\": my sources do not say.");
                continue;
            }
            var renumbered = new Dictionary<int, int>();
            foreach (var citation in answer.Citations)
            {
                var existing = citations.Find(c => c.Passage.Id == citation.Passage.Id);
                if (existing is null)
                {
                    existing = citation with { Position = citations.Count + 1 };
                    citations.Add(existing);
                }
                renumbered[citation.Position] = existing.Position;
            }
            // A sentence an earlier part already gave answers this part too ("When was it fought and who won?"):
            // it is not said twice, and a part left with nothing new adds nothing.
            var fresh = new StringBuilder();
            foreach (Match sentence in CitedSentence().Matches(answer.Text))
            {
                var words = sentence.Groups["text"].Value.Trim();
                if (shown.Add(words))
                    fresh.Append(fresh.Length > 0 ? " " : "").Append(words).Append(' ').Append(Marker().Replace(sentence.Groups["markers"].Value.Trim(), m =>
                        int.TryParse(m.Groups[1].ValueSpan, out var n) && renumbered.TryGetValue(n, out var position) ? $"[{position}]" : m.Value));
            }
            if (fresh.Length == 0)
                continue;
            if (text.Length > 0)
                text.Append("\n\n");
            text.Append(fresh);
        }
        var answered = parts.Select(p => p.Answer).Where(a => a.Kind == AnswerKind.Answered).ToList();
        return new Answer(AnswerKind.Answered, text.ToString(), citations)
        {
            QuotedSentences = [.. answered.SelectMany(a => a.QuotedSentences).Distinct(StringComparer.Ordinal)],
            SourcesDiffer = answered.Any(a => a.SourcesDiffer),
            Score = answered.Max(a => a.Score),
            IsGenerated = answered.Any(a => a.IsGenerated),
            IsTentative = answered.Any(a => a.IsTentative),
        };
    }

    [GeneratedRegex(@"\[(\d{1,4})\]")]
    private static partial Regex Marker();

    /// <summary>A sentence of an answer with the citation markers after it.</summary>
    [GeneratedRegex(@"(?<text>[^\[]+?)(?<markers>(?:\s*\[\d{1,4}\])+)")]
    private static partial Regex CitedSentence();
}

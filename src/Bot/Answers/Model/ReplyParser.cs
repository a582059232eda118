using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Bot.Index;

namespace Bot.Answers.Model;

/// <summary>A sentence of a model's reply with the passage numbers its markers cite.</summary>
public sealed record ReplySentence(string Text, IReadOnlyList<int> Cited);

/// <summary>
/// Reads a model's reply into sentences with the passages they cite, and sentences into clauses. Whatever the
/// model writes, this takes bounded time and never throws: the reply is read up to a length, citation markers
/// of any shape ("[0]", "[99999999999]", "[2147483627-2147483647]", "[[1]]") are read as the numbers they
/// name, at most a few per marker, and a number that is no passage's stays in the list to be refused.
/// </summary>
public static partial class ReplyParser
{
    /// <summary>The reply that means "the passages do not answer this", as the prompt asks for it.</summary>
    public const string NotFound = "NOT_FOUND";

    /// <summary>A range in one marker ("[1-3]") names at most this many passages; the prompt never gives more.</summary>
    const int MaxRange = 20;

    /// <summary>The number a marker names when it names none that could be a passage's ("[99999999999]"): refused as not given.</summary>
    public const int NoSuchPassage = int.MaxValue;

    /// <summary>The reply's sentences, each with the passage numbers it cites.</summary>
    public static IReadOnlyList<ReplySentence> Sentences(string reply, int maxChars)
    {
        if (reply.Length > maxChars)
            reply = reply[..maxChars];
        var sentences = new List<(string Text, List<int> Cited)>();
        foreach (var rawLine in reply.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var line = ListMarker().Replace(Emphasis().Replace(rawLine, ""), "").Trim();
            if (line.Length == 0)
                continue;
            foreach (var sentence in Corpus.Sentences.Split(line))
            {
                var text = sentence.Text;
                // Markers that open a sentence close the one before it.
                var leading = LeadingMarkers().Match(text);
                if (leading.Success && leading.Length > 0)
                {
                    if (sentences.Count > 0)
                        sentences[^1].Cited.AddRange(MarkerNumbers(leading.Value));
                    text = text[leading.Length..];
                }
                var cited = MarkerNumbers(text);
                var body = Tidy(Marker().Replace(text, ""));
                // A bare "Yes." or "No." states nothing a passage could hold up; the sentence after it does.
                if (VerdictAlone().IsMatch(body) && cited.Count == 0)
                    continue;
                if (body.Length > 0 && Words.Of(body).Any())
                    sentences.Add((body, cited));
                else if (sentences.Count > 0)
                    sentences[^1].Cited.AddRange(cited);
            }
        }
        return [.. sentences.Select(s => new ReplySentence(s.Text, [.. s.Cited.Distinct()]))];
    }

    /// <summary>The model says the passages do not answer.</summary>
    public static bool SaysNotFound(string reply) => reply.Contains(NotFound, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The statements a sentence makes: split at semicolons and at a comma before a conjunction that opens a
    /// clause of its own ("…was never signed, and readers should…"), and before "while", "whereas", "but".
    /// A piece too short to say anything is left with the one before it.
    /// </summary>
    public static IReadOnlyList<string> Clauses(string sentence)
    {
        var clauses = new List<string>();
        var start = 0;
        foreach (Match boundary in ClauseBoundary().Matches(sentence))
        {
            var piece = sentence[start..boundary.Index].Trim();
            if (Words.Of(piece).Count() >= 3)
            {
                clauses.Add(piece);
                start = boundary.Index;
            }
        }
        var last = sentence[start..].Trim().TrimStart(',', ';', ' ');
        if (Words.Of(last).Count() < 3 && clauses.Count > 0)
            clauses[^1] = $"{clauses[^1]} {last}".Trim();
        else if (last.Length > 0)
            clauses.Add(last);
        return clauses;
    }

    static List<int> MarkerNumbers(string text)
    {
        var numbers = new List<int>();
        foreach (Match marker in Marker().Matches(text))
        {
            foreach (Match range in MarkerRange().Matches(marker.Value))
            {
                var from = Number(range.Groups[1].Value);
                var to = range.Groups[2].Success ? Number(range.Groups[2].Value) : from;
                if (from == NoSuchPassage || to == NoSuchPassage || to < from || to - from > MaxRange)
                {
                    numbers.Add(from);
                    if (to != from)
                        numbers.Add(to);
                    continue;
                }
                for (var n = from; n <= to; n++)
                    numbers.Add(n);
            }
        }
        return numbers;
    }

    static int Number(string digits) =>
        digits.Length <= 6 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : NoSuchPassage;

    /// <summary>Spaces the removed markers left behind: doubled, or before punctuation.</summary>
    static string Tidy(string text)
    {
        var collapsed = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) && (collapsed.Length == 0 || collapsed[^1] == ' '))
                continue;
            if (c is '.' or ',' or ';' or ':' or '!' or '?' && collapsed.Length > 0 && collapsed[^1] == ' ')
                collapsed.Length--;
            collapsed.Append(char.IsWhiteSpace(c) ? ' ' : c);
        }
        return collapsed.ToString().Trim();
    }

    // [1], [1, 2], [1-3], [1][2], [Passage 2], 【1】, [[1]]; any run of digits, read with care.
    const string MarkerPattern = @"[\[【]+(?:(?:passages?|source|doc)\s*)?\d+(?:\s*(?:,|;|–|-|and)\s*(?:passages?\s*)?\d+)*[\]】]+";

    [GeneratedRegex(MarkerPattern, RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Marker();

    [GeneratedRegex(@"(\d+)(?:\s*[–-]\s*(\d+))?", RegexOptions.NonBacktracking)]
    private static partial Regex MarkerRange();

    [GeneratedRegex(@"^(?:\s*" + MarkerPattern + @")+\s*", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex LeadingMarkers();

    [GeneratedRegex(@"^(yes|no)\W*$", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex VerdictAlone();

    [GeneratedRegex(@"\*\*|__|`|^\s*#+\s*", RegexOptions.NonBacktracking)]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"^\s*(?:[-*•]|\d+[.)])\s+", RegexOptions.NonBacktracking)]
    private static partial Regex ListMarker();

    /// <summary>
    /// Where a sentence's statements part: semicolons, a comma before a conjunction or a relative or participle
    /// clause that adds a statement of its own (", where they also signed", ", making it the largest", ", a plan
    /// that"), a comma before a participle or "most of them" that runs to the sentence's end (", funded partly by
    /// Japanese banks", where a statement is most often appended), and "while", "whereas" and "but" however they are written.
    /// </summary>
    [GeneratedRegex(@";\s*|,\s*(?=(?:and|but|while|whereas|although|though|yet|so|which|who|where|when|with|making|after|because|since|a plan|an? \w+ that)\s)|,\s*(?=(?:\w{3,}ing|\w{3,}ed|(?:most|some|many|all|none|several|much) of (?:it|them|these|those|which))\s[^,;]*$)|\s+(?=(?:while|whereas|but)\s)", RegexOptions.IgnoreCase)]
    private static partial Regex ClauseBoundary();
}

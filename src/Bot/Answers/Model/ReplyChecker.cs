using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using Bot.Corpus;
using Bot.Index;

namespace Bot.Answers.Model;

/// <summary>A sentence of the model's reply that nobody sees, and why.</summary>
public sealed record DroppedSentence(string Text, string Reason);

public sealed record CheckedReply(IReadOnlyList<SupportedSentence> Kept, IReadOnlyList<DroppedSentence> Dropped, bool SaysNotFound)
{
    /// <summary>
    /// Whether what survived is worth showing: something, and not the remains of a reply that was mostly
    /// unsupported, since a model that invents half its sentences is not trusted with the other half's framing.
    /// </summary>
    public bool IsUsable => !SaysNotFound && Kept.Count > 0 && Kept.Count >= Dropped.Count;
}

/// <summary>
/// Checks a model's reply against the passages it was given, before anyone sees it. Every sentence must
/// cite, only passages that were given, and the passages it cites must support it: they hold each of its
/// numbers and dates, each name it gives, and most of its other words (or words for the same thing).
/// </summary>
public static partial class ReplyChecker
{
    /// <summary>The share of a sentence's plain words its passages must hold, allowing for rephrasing.</summary>
    internal const double MinWordSupport = 0.5;

    const int PrefixLength = 6;

    /// <summary>The reply that means "the passages do not answer this", as the prompt asks for it.</summary>
    public const string NotFoundReply = "NOT_FOUND";

    static readonly FrozenDictionary<string, string> NumberWords = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["two"] = "2", ["three"] = "3", ["four"] = "4", ["five"] = "5", ["six"] = "6", ["seven"] = "7",
        ["eight"] = "8", ["nine"] = "9", ["ten"] = "10", ["eleven"] = "11", ["twelve"] = "12", ["twenty"] = "20",
        ["thirty"] = "30", ["forty"] = "40", ["fifty"] = "50", ["hundred"] = "100",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>"2 million" and "2 billion" share a digit; the scale word must match as well.</summary>
    static readonly FrozenSet<string> Scales = FrozenSet.Create(StringComparer.Ordinal, ["thousand", "million", "billion", "trillion", "percent"]);

    public static CheckedReply Check(string reply, IReadOnlyList<GivenPassage> given)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(given);
        if (reply.Contains(NotFoundReply, StringComparison.OrdinalIgnoreCase))
            return new CheckedReply([], [], SaysNotFound: true);

        var byNumber = given.ToDictionary(p => p.Number);
        var kept = new List<SupportedSentence>();
        var dropped = new List<DroppedSentence>();
        foreach (var (text, cited) in SentencesOf(reply))
        {
            var reason = Unsupported(text, cited, byNumber);
            if (reason is null)
                kept.Add(new SupportedSentence(text, cited));
            else
                dropped.Add(new DroppedSentence(text, reason));
        }
        return new CheckedReply(kept, dropped, SaysNotFound: false);
    }

    /// <summary>Why the sentence may not be shown, or null when its citations hold it up.</summary>
    static string? Unsupported(string text, IReadOnlyList<int> cited, Dictionary<int, GivenPassage> given)
    {
        if (cited.Count == 0)
            return "it cites no passage";
        if (cited.FirstOrDefault(n => !given.ContainsKey(n)) is var missing and > 0)
            return $"it cites [{missing}], which the model was not given";
        if (Link().IsMatch(text))
            return "it carries a link or markup, which the passages are not the place for";
        if (Disclaims().IsMatch(text))
            return "it says the passages do not answer";

        var passages = cited.Distinct().Select(n => given[n]).ToList();
        var evidence = string.Join(' ', passages.Select(p => $"{p.DocumentTitle} {p.Passage.Heading} {p.Text}"));
        var evidenceWords = Words.Of(evidence).ToHashSet(StringComparer.Ordinal);
        var evidenceStems = TextAnalysis.Stems(evidence).ToHashSet(StringComparer.Ordinal);

        // A number in a document's title ("Document 2", "The War of 1904-1905") is not a claim the passage makes.
        var evidenceNumbers = NumbersIn(string.Join(' ', passages.Select(p => $"{p.Passage.Heading} {p.Text}")));
        foreach (var number in NumbersIn(text))
        {
            if (!evidenceNumbers.Contains(number))
                return $"its passages do not hold the number {number}";
        }
        foreach (var scale in Words.Of(text).Where(Scales.Contains))
        {
            if (!evidenceWords.Contains(scale))
                return $"its passages do not say \"{scale}\"";
        }
        foreach (var name in NamesIn(text))
        {
            if (!evidenceWords.Contains(name) && !(TextAnalysis.StemOf(name) is { } stem && evidenceStems.Contains(stem)) && !evidenceWords.Any(w => SharesRoot(w, name)))
                return $"its passages do not name \"{name}\"";
        }

        var plain = Words.Of(text)
            .Where(w => !char.IsDigit(w[0]) && !NumberWords.ContainsKey(w) && !Scales.Contains(w))
            .Select(TextAnalysis.StemOf)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (plain.Count >= 2)
        {
            var held = plain.Count(stem => Holds(evidenceStems, stem));
            if (held < MinWordSupport * plain.Count)
                return $"its passages hold only {held} of its {plain.Count} words";
        }
        return null;
    }

    static bool Holds(HashSet<string> evidenceStems, string stem)
    {
        if (evidenceStems.Contains(stem))
            return true;
        // Derivations that stemming leaves apart ("historic", "history") share their first letters.
        return stem.Length >= PrefixLength && !char.IsDigit(stem[0]) && evidenceStems.Any(e => e.StartsWith(stem[..PrefixLength], StringComparison.Ordinal));
    }

    /// <summary>"Japanese" is named by "Japan", "Soviets" by "Soviet": a shared start of five letters will do for a name.</summary>
    static bool SharesRoot(string word, string name) =>
        name.Length >= 5 && word.Length >= 5 && string.CompareOrdinal(word, 0, name, 0, 5) == 0;

    /// <summary>Numbers as values: "1,000" and "1000" are one number, and so are "four" and "4".</summary>
    static HashSet<string> NumbersIn(string text)
    {
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in Number().Matches(text))
            numbers.Add(match.Value.Replace(",", "", StringComparison.Ordinal));
        foreach (var word in Words.Of(text))
        {
            if (NumberWords.TryGetValue(word, out var digits))
                numbers.Add(digits);
        }
        return numbers;
    }

    /// <summary>Capitalised words after a sentence's first word: the names of people, places, treaties.</summary>
    static IEnumerable<string> NamesIn(string text)
    {
        foreach (Match match in Name().Matches(text))
        {
            if (match.Index > 0 && match.Value != "I")
                yield return match.Value.ToLowerInvariant();
        }
    }

    /// <summary>
    /// The reply's sentences, each with the passage numbers it cites. Markdown is flattened to prose, and a
    /// marker standing after a sentence's full stop ("... in 1956. [2]") belongs to that sentence.
    /// </summary>
    internal static List<(string Text, IReadOnlyList<int> Cited)> SentencesOf(string reply)
    {
        var sentences = new List<(string Text, List<int> Cited)>();
        foreach (var rawLine in reply.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var line = ListMarker().Replace(Emphasis().Replace(rawLine, ""), "").Trim();
            if (line.Length == 0)
                continue;
            foreach (var sentence in Sentences.Split(line))
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
                if (body.Length > 0 && Words.Of(body).Any())
                    sentences.Add((body, cited));
                else if (sentences.Count > 0)
                    sentences[^1].Cited.AddRange(cited);
            }
        }
        return [.. sentences.Select(s => (s.Text, (IReadOnlyList<int>)[.. s.Cited.Distinct()]))];
    }

    static List<int> MarkerNumbers(string text)
    {
        var numbers = new List<int>();
        foreach (Match marker in Marker().Matches(text))
        {
            foreach (Match range in MarkerRange().Matches(marker.Value))
            {
                var from = int.Parse(range.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                var to = range.Groups[2].Success ? int.Parse(range.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : from;
                for (var n = from; n <= Math.Min(to, from + 20); n++)
                    numbers.Add(n);
            }
        }
        return numbers;
    }

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

    // [1], [1, 2], [1-3], [1][2], [Passage 2], 【1】
    const string MarkerPattern = @"[\[【](?:(?:passages?|source|doc)\s*)?\d+(?:\s*(?:,|;|–|-|and)\s*(?:passages?\s*)?\d+)*[\]】]";

    [GeneratedRegex(MarkerPattern, RegexOptions.IgnoreCase)]
    private static partial Regex Marker();

    [GeneratedRegex(@"(\d+)(?:\s*[–-]\s*(\d+))?")]
    private static partial Regex MarkerRange();

    [GeneratedRegex(@"^(?:\s*" + MarkerPattern + @")+\s*", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingMarkers();

    [GeneratedRegex(@"\*\*|__|`|^\s*#+\s*")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"^\s*(?:[-*•]|\d+[.)])\s+")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"https?://|www\.|\]\(|<\s*/?\s*[a-zA-Z][^>]*>|!\[", RegexOptions.IgnoreCase)]
    private static partial Regex Link();

    [GeneratedRegex(@"\b(passages?|sources?|texts?|documents?)\s+(do|does)\s+not\s+(say|mention|state|answer|contain|specify|provide|give)|\bI\s+(do\s+not|don't|cannot|can't)\s+(know|find|tell|answer)", RegexOptions.IgnoreCase)]
    private static partial Regex Disclaims();

    [GeneratedRegex(@"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?")]
    private static partial Regex Number();

    [GeneratedRegex(@"\b\p{Lu}[\p{L}]+")]
    private static partial Regex Name();
}

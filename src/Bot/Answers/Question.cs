using System.Text.RegularExpressions;
using Bot.Conversations;
using Bot.Index;

namespace Bot.Answers;

public enum QuestionKind { What, Who, When, Where, Quantity, YesNo, Why, How }

/// <summary>Where a search word came from: the question itself, or the conversation it continues.</summary>
public enum TermSource { Asked, Context }

/// <summary>
/// A word to look for. <see cref="Synonyms"/> are words a text may use instead; they find and rank
/// passages, but match for less than the word itself.
/// </summary>
/// <see cref="IsRequired"/> marks names and numbers: an answer that lacks "Medvedev" or "2010" is about something else.
public sealed record QueryTerm(string Word, string Stem, double Weight, TermSource Source, IReadOnlyList<Synonym> Synonyms, bool IsRequired = false)
{
    /// <summary>The stem's first letters, which join derivations stemming leaves apart ("historic", "history").</summary>
    public string? Prefix { get; } = SentenceCatalog.PrefixOf(Stem);
}

/// <summary>A question as the reader understands it, with what it inherits from the conversation.</summary>
public sealed record Question(
    string Text,
    QuestionKind Kind,
    IReadOnlyList<QueryTerm> Terms,
    bool IsFollowUp,
    string? UnitWord)
{
    public IEnumerable<QueryTerm> Asked => Terms.Where(t => t.Source == TermSource.Asked);

    /// <summary>Whether the question writes the word capitalised past its first word, as part of a name ("World War II").</summary>
    public bool Names(QueryTerm term)
    {
        for (var at = Text.IndexOf(term.Word, 1, StringComparison.OrdinalIgnoreCase); at > 0; at = Text.IndexOf(term.Word, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            if (char.IsUpper(Text[at]) && !char.IsLetterOrDigit(Text[at - 1]))
                return true;
        }
        return false;
    }

    /// <summary>Words to remember for a later follow-up: what this question was about.</summary>
    public IReadOnlyList<string> TopicWords => [.. Terms.Where(t => t.Weight >= 1 || t.Source == TermSource.Context).Select(t => t.Word).Distinct().Take(10)];
}

/// <summary>
/// Reads a question: what kind of answer it wants, which words carry it, and, when it is short or refers
/// back ("Who won?", "When did he go back?"), what it inherits from the previous turn or, in a new
/// conversation, from the corpus's own subject.
/// </summary>
public static partial class QuestionReader
{
    const double LightWeight = 0.35;
    const double ContextWeight = 0.6;

    static readonly string[] Fillers =
    [
        "and", "so", "but", "ok", "okay", "well", "then", "please", "hey", "hi", "hello", "also", "now",
        "tell me", "can you tell me", "could you tell me", "do you know", "i want to know", "i would like to know",
        "i wonder", "explain", "i see",
    ];

    static readonly HashSet<string> Auxiliaries = new(StringComparer.Ordinal)
    {
        "is", "are", "was", "were", "do", "does", "did", "has", "have", "had", "can", "could", "will", "would",
        "should", "shall", "may", "might", "must", "isn", "aren", "wasn", "weren", "don", "doesn", "didn", "hasn",
        "haven", "won't",
    };

    static readonly HashSet<string> ReferringWords = new(StringComparer.Ordinal)
    {
        "it", "its", "he", "him", "his", "she", "her", "they", "them", "their", "that", "this", "those", "these",
        "ones",
    };

    static readonly HashSet<string> TimeNouns = new(StringComparer.Ordinal) { "year", "date", "day", "month", "century", "decade", "time", "era", "period" };
    static readonly HashSet<string> PlaceNouns = new(StringComparer.Ordinal) { "place", "city", "location", "region", "town", "area" };
    static readonly HashSet<string> QuantityNouns = new(StringComparer.Ordinal) { "percentage", "percent", "share", "proportion", "number", "amount", "quantity", "size", "length", "distance" };
    static readonly HashSet<string> HowQuantities = new(StringComparer.Ordinal) { "many", "much", "long", "far", "big", "large", "old", "often", "close", "high", "deep", "wide", "far" };

    public static Question Read(string text, IReadOnlyList<TurnRecord> history, string corpusSubject)
    {
        var normalized = ExpandContractions(text);
        var words = Words.Of(normalized).ToList();
        var start = SkipFillers(words);
        var kind = KindOf(words, start, out var unitWord);

        var names = NamesIn(normalized);
        var asked = new List<QueryTerm>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = start; i < words.Count; i++)
        {
            var word = words[i];
            if (Lexicon.StopWords.Contains(word) || IsQuestionScaffold(words, i, start))
                continue;
            var stem = Lexicon.StemOf(word);
            if (!seen.Add(stem))
                continue;
            var weight = Lexicon.LightWords.Contains(word) ? LightWeight : 1.0;
            var required = char.IsDigit(word[0]) || (i > start && names.Contains(word));
            asked.Add(new QueryTerm(word, stem, weight, TermSource.Asked, Lexicon.SynonymsOf(stem), required));
        }

        var refersBack = words.Skip(start).Any(ReferringWords.Contains) || StartsAsContinuation(normalized);
        var substantive = asked.Count(t => t.Weight >= 1);
        // "Who won?" names nothing: a lone plain word leans on the conversation as much as a pronoun does.
        // Nor does naming the corpus's own subject: after a question about Medvedev's visit, "How did Japan
        // react?" asks about that visit, since every source is about Japan.
        var subject = Words.Of(corpusSubject).Select(Lexicon.StemOf).ToHashSet(StringComparer.Ordinal);
        var beyondSubject = asked.Where(t => !subject.Contains(t.Stem)).ToList();
        var isFollowUp = substantive == 0
            || (substantive == 1 && !asked.Any(t => t.IsRequired))
            || (refersBack && substantive <= 3)
            || (history.Count > 0 && beyondSubject.Count(t => t.Weight >= 1) == 1 && !beyondSubject.Any(t => t.IsRequired));

        var terms = new List<QueryTerm>(asked);
        if (isFollowUp)
        {
            var inherited = history.Count > 0 ? history[^1].SearchedWords : Words.Of(corpusSubject).ToList();
            foreach (var word in inherited)
            {
                var stem = Lexicon.StemOf(word);
                if (Lexicon.StopWords.Contains(word) || !seen.Add(stem))
                    continue;
                var weight = (Lexicon.LightWords.Contains(word) ? LightWeight : 1.0) * ContextWeight;
                terms.Add(new QueryTerm(word, stem, weight, TermSource.Context, Lexicon.SynonymsOf(stem)));
            }
        }
        return new Question(text, kind, terms, isFollowUp && terms.Count > asked.Count, unitWord);
    }

    /// <summary>Words written with a capital inside the question (names of people, places, treaties), lowercased.</summary>
    static HashSet<string> NamesIn(string text)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in CapitalizedWord().Matches(text))
        {
            if (match.Value != "I")
                names.Add(match.Value.ToLowerInvariant());
        }
        return names;
    }

    static QuestionKind KindOf(List<string> words, int start, out string? unitWord)
    {
        unitWord = null;
        if (start >= words.Count)
            return QuestionKind.What;
        var first = words[start];
        var second = start + 1 < words.Count ? words[start + 1] : "";
        var third = start + 2 < words.Count ? words[start + 2] : "";
        switch (first)
        {
            case "who" or "whom" or "whose":
                return QuestionKind.Who;
            case "when":
                return QuestionKind.When;
            case "since" when second == "when":
                return QuestionKind.When;
            case "where":
                return QuestionKind.Where;
            case "why":
                return QuestionKind.Why;
            case "how" when second == "come":
                return QuestionKind.Why;
            case "how" when HowQuantities.Contains(second):
                unitWord = second switch
                {
                    "many" or "much" => third.Length > 0 && !Lexicon.StopWords.Contains(third) ? third : null,
                    "long" or "far" or "close" => "length",
                    "big" or "large" => "size",
                    _ => null,
                };
                return second == "long" && third == "ago" ? QuestionKind.When : QuestionKind.Quantity;
            case "how":
                return QuestionKind.How;
            case "what" or "which":
                if (TimeNouns.Contains(second))
                    return QuestionKind.When;
                if (PlaceNouns.Contains(second))
                    return QuestionKind.Where;
                if (QuantityNouns.Contains(second) || (second == "is" && QuantityNouns.Contains(third)))
                    return QuestionKind.Quantity;
                if (second is "caused" or "cause" or "causes" or "reason" or "reasons" || (second is "is" or "was" or "were" && third is "reason" or "cause" or "reasons" or "causes"))
                    return QuestionKind.Why;
                return AsksForQuantity(words, start) ? QuestionKind.Quantity : QuestionKind.What;
            case "in" or "for" when second is "what" or "which" && third is "year" or "reason":
                return third == "year" ? QuestionKind.When : QuestionKind.Why;
        }
        return Auxiliaries.Contains(first) ? QuestionKind.YesNo : QuestionKind.What;
    }

    /// <summary>"What is the population of...", "What was Russia's share...": a what-question that wants a number.</summary>
    static bool AsksForQuantity(List<string> words, int start) =>
        words.Skip(start + 1).Take(5).Any(w => QuantityNouns.Contains(w) || w is "population" or "cost" or "price" or "worth" or "gdp");

    /// <summary>Words that only frame the question ("what year", "how many", "what caused") and say nothing about its subject.</summary>
    static bool IsQuestionScaffold(List<string> words, int i, int start)
    {
        var word = words[i];
        if (i == start + 1 && words[start] is "what" or "which" && (TimeNouns.Contains(word) || PlaceNouns.Contains(word)))
            return true;
        if (i == start + 1 && words[start] == "how" && HowQuantities.Contains(word))
            return true;
        return i <= start + 2 && word is "reason" or "cause" or "caused" && words[start] is "what" or "which";
    }

    static int SkipFillers(List<string> words)
    {
        var start = 0;
        var skipped = true;
        while (skipped && start < words.Count)
        {
            skipped = false;
            foreach (var filler in Fillers)
            {
                var parts = filler.Split(' ');
                if (start + parts.Length > words.Count)
                    continue;
                var matches = true;
                for (var j = 0; j < parts.Length && matches; j++)
                    matches = words[start + j] == parts[j];
                // "so" or "and" alone is no question; keep a lone filler as the question's only word.
                if (matches && start + parts.Length < words.Count)
                {
                    start += parts.Length;
                    skipped = true;
                    break;
                }
            }
        }
        return start;
    }

    static bool StartsAsContinuation(string text) => Continuation().IsMatch(text);

    static string ExpandContractions(string text)
    {
        var straight = text.Replace('\u2019', '\'').Replace('\u2018', '\'');
        return Contraction().Replace(straight, m => m.Value.ToLowerInvariant() switch
        {
            "won't" => "will not",
            "can't" => "can not",
            var other when other.EndsWith("n't", StringComparison.Ordinal) => other[..^3] + " not",
            var other when other.EndsWith("'s", StringComparison.Ordinal) => other[..^2] + " is",
            var other when other.EndsWith("'re", StringComparison.Ordinal) => other[..^3] + " are",
            var other => other,
        });
    }

    [GeneratedRegex(@"^\s*(and|but|so|what about|how about|what else|and then|then|why not)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Continuation();

    [GeneratedRegex(@"(?<=[\s\-(])\p{Lu}[\p{L}\p{N}]*")]
    private static partial Regex CapitalizedWord();

    // Only contractions of question words and auxiliaries: "Japan's" stays a possessive.
    [GeneratedRegex(@"\b(won't|can't|\w+n't|(what|who|where|when|how|why|that|there|it)'s|(what|who|where|when|how|why|they|you|we)'re)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Contraction();
}

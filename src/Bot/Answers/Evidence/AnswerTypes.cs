using System.Text.RegularExpressions;
using Bot.Index;

namespace Bot.Answers;

/// <summary>
/// Whether a sentence holds the kind of thing the question asks for, and something the question does not
/// already say: a date for "when" other than the one asked about, a number by the counted thing for "how
/// many", a person's name or role for "who", a place for "where", a name or a quotation for "what is it
/// called" and "what did he say", a reason for "why". "Who was the ambassador?" is not answered by a sentence
/// that says only "the ambassador". All of it is English grammar and typography, nothing of one corpus.
/// </summary>
public sealed partial class AnswerTypes(SentenceCatalog catalog)
{
    /// <summary>1 where the sentence holds something new of the kind asked for, -1 where it plainly cannot, else 0.</summary>
    public int Holds(Question question, SentenceFacts sentence, string? unit)
    {
        switch (question.Kind)
        {
            case QuestionKind.When:
                // "When, exactly?" after an answer that gave the year asks for that year again: only a year the
                // question itself gives ("what happened after 1956?") is no answer to when.
                return !sentence.HasDate ? -1 : sentence.Years.Any(y => !MentionsItself(question, y)) || !sentence.Years.Any() ? 1 : 0;
            case QuestionKind.Quantity:
                if (!sentence.HasQuantity)
                    return -1;
                return unit switch
                {
                    "length" => MarksOf(sentence).GivesMeasure ? 1 : 0,
                    null => 0,
                    _ => UnitNearNumber(unit, sentence) ? 1 : 0,
                };
            case QuestionKind.Why:
                return MarksOf(sentence).GivesCause ? 1 : 0;
            case QuestionKind.Who:
                // The parties a corpus is about are the likeliest answer to "who won?": every name counts that
                // the question's own words do not give.
                return HasNewName(question, sentence, ownWordsOnly: true) || MarksOf(sentence).Roles.Any(role => !Mentions(question, role)) ? 1 : 0;
            case QuestionKind.Where:
                return HasNewName(question, sentence) || MarksOf(sentence).GivesDirection ? 1 : 0;
            case QuestionKind.What when AsksWhatWasDone(question):
                return MarksOf(sentence).TellsWhatWasDone ? 1 : 0;
            case QuestionKind.What when AsksForWords().IsMatch(question.Corrected):
                return MarksOf(sentence).QuotesOrNames ? 1 : 0;
            case QuestionKind.What when AsksForName().IsMatch(question.Corrected):
                return HasNewName(question, sentence) ? 1 : 0;
            default:
                return 0;
        }
    }

    /// <summary>The question (or the thread it continues) already says this word.</summary>
    static bool Mentions(Question question, string word)
    {
        var lower = word.ToLowerInvariant();
        var stem = TextAnalysis.StemOf(lower) ?? lower;
        return question.Terms.Any(t => t.Word == lower || t.Stem == stem || NameForms.Same(t.Stem, stem));
    }

    /// <summary>The question's own words (not its thread's) say this word.</summary>
    static bool MentionsItself(Question question, string word)
    {
        var stem = TextAnalysis.StemOf(word) ?? word;
        return question.Asked.Any(t => t.Word == word || t.Stem == stem || NameForms.Same(t.Stem, stem));
    }

    /// <summary>The sentence names someone or somewhere the question and its thread do not, leaving out the corpus's commonest names.</summary>
    public bool GivesNewName(Question question, SentenceFacts sentence) => HasNewName(question, sentence);

    /// <summary>The sentence gives a name (a capitalised word not opening it, or one of the corpus's names) that the question does not, leaving out the corpus's commonest.</summary>
    bool HasNewName(Question question, SentenceFacts sentence, bool ownWordsOnly = false)
    {
        foreach (var (lower, stem, opens) in MarksOf(sentence).Capitalised)
        {
            if (opens && !catalog.IsName(stem))
                continue;
            if (ownWordsOnly ? MentionsItself(question, lower) : catalog.IsCommon(stem) || Mentions(question, lower))
                continue;
            return true;
        }
        return false;
    }

    /// <summary>
    /// What the sentence's own words give of each kind of answer, and its capitalised words (lower-cased, stemmed,
    /// and whether one opens it), read once per sentence: a turn weighs a few hundred sentences, and the corpus does
    /// not change.
    /// </summary>
    sealed record TextMarks(bool GivesCause, bool TellsWhatWasDone, bool GivesDirection, bool QuotesOrNames, bool GivesMeasure, IReadOnlyList<string> Roles,
        IReadOnlyList<(string Lower, string Stem, bool Opens)> Capitalised);

    TextMarks MarksOf(SentenceFacts sentence) => _marks.GetOrAdd(sentence, static s => new TextMarks(
        GivesCause: Cause().IsMatch(s.Text),
        TellsWhatWasDone: DoneTo().IsMatch(s.Text),
        GivesDirection: Direction().IsMatch(s.Text),
        QuotesOrNames: Quotation().IsMatch(s.Text) || Naming().IsMatch(s.Text),
        GivesMeasure: Measure().IsMatch(s.Text),
        Roles: [.. Role().Matches(s.Text).Select(m => m.Value)],
        Capitalised: [.. Capitalised().Matches(s.Text)
            .Select(m => (Lower: m.Value.ToLowerInvariant(), m.Index))
            .Select(w => (w.Lower, Stem: TextAnalysis.StemOf(w.Lower), Opens: w.Index == 0))
            .Where(w => w.Stem is not null)
            .Select(w => (w.Lower, w.Stem!, w.Opens))]));

    readonly System.Collections.Concurrent.ConcurrentDictionary<SentenceFacts, TextMarks> _marks = new(ReferenceEqualityComparer.Instance);

    /// <summary>"How many islands": a number near "islands" is what is asked for.</summary>
    static bool UnitNearNumber(string unit, SentenceFacts sentence)
    {
        var words = sentence.WordStems;
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] != unit)
                continue;
            for (var j = Math.Max(0, i - 6); j < Math.Min(words.Count, i + 7); j++)
            {
                // A year beside the word ("in 1875, ... islands") dates it; it does not count it.
                if (words[j].Length > 0 && char.IsDigit(words[j][0]) && !IsYear(words[j]))
                    return true;
            }
        }
        return false;
    }

    static bool IsYear(string word) => word.Length == 4 && word[0] is '1' or '2' && int.TryParse(word, out var year) && year is >= 1500 and <= 2100;

    /// <summary>English that gives a reason or a purpose.</summary>
    [GeneratedRegex(@"\b(because|due to|caused|causes|cause of|prevent(ed|s)?|since|as a result|reasons?|led to|sparked|so that|in order to|desire|ambition|fear(ed|s)?|concerned|worried|owing to|thanks to|on the grounds|purpose|aim(ed|s)? (at|to)|intended|motive|meant (to|as)|wanted to|to (demonstrate|show|prop|secure|gain))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Cause();

    /// <summary>
    /// The stems of the words that only say who is meant in "what happened to the Japanese who lived there?" (the
    /// relative clause): the sentence that answers tells what was done to them, and need not repeat how they are described.
    /// </summary>
    public static IReadOnlySet<string> DescribingWords(Question question)
    {
        var match = WhoIsDescribed().Match(question.Corrected);
        if (!match.Success || !AsksWhatHappenedTo().IsMatch(question.Corrected))
            return System.Collections.Frozen.FrozenSet<string>.Empty;
        return match.Groups["clause"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => TextAnalysis.StemOf(w.ToLowerInvariant())).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>A what question that asks what happened to someone or something.</summary>
    public static bool AsksWhatWasDone(Question question) => question.Kind == QuestionKind.What && AsksWhatHappenedTo().IsMatch(question.Corrected);

    [GeneratedRegex(@"\b((happen(s|ed)?|happend)\s+to|became\s+of)\b[^,;?]*?(?<clause>\b(who|that|which|living|lived)\b[^,;?]*)", RegexOptions.IgnoreCase)]
    private static partial Regex WhoIsDescribed();

    /// <summary>"What happened to the people who lived there?", "what became of the boat?": asks what was done to someone or something.</summary>
    [GeneratedRegex(@"\bwhat\s+(has\s+|had\s+)?(happen(s|ed)?|happend)\s+to\b|\bwhat\s+became\s+of\b", RegexOptions.IgnoreCase)]
    private static partial Regex AsksWhatHappenedTo();

    /// <summary>A past passive, "had been deported", "were taken into custody": what was done to its subject (not in a clause that only dates something: "before they were taken over").</summary>
    [GeneratedRegex(@"(?<!\b(before|after|when|until|once|since|if)\s+(\w+\s+){0,2})\b(was|were|had been|have been|has been)\s+(\w+ly\s+|all\s+|were\s+)?(\w+ed|taken|given|driven|seized|thrown|sent|forced|caught|held|shot|sunk|beaten|torn|brought|kept|left|made|put|told|sold|stolen|hit|killed)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DoneTo();

    /// <summary>A person described by a role.</summary>
    [GeneratedRegex(@"\b(president|minister|spokes(man|woman|person)|leader|emperor|king|queen|official|secretary|director|chairman|general|admiral|ambassador|governor|commander|captain|chief|premier|chancellor|envoy|negotiator|mayor|ceo)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Role();

    [GeneratedRegex(@"\b\p{Lu}[\p{L}’'-]+")]
    private static partial Regex Capitalised();

    [GeneratedRegex(@"\b(north|south|east|west|northeast|northwest|southeast|southwest|near|off the coast|kilomet(er|re)s? from|miles from|border(s|ing)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Direction();

    /// <summary>"How long", "how far": a number (or number word) followed by a unit of time or distance.</summary>
    [GeneratedRegex(@"\b(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several|a couple of|(tens|dozens|hundreds|thousands) of)\s+(\w+\s+)?(seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|km|kilomet(er|re)s?|miles?|met(er|re)s?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Measure();

    /// <summary>The question asks what was said, or what something is called.</summary>
    [GeneratedRegex(@"\b(say|said|says|call|called|calls|describe|described|word|words|quote|term|known as|name (do|does|did)|names? (for|of) (the|this|that|those|these|it|them))\b", RegexOptions.IgnoreCase)]
    private static partial Regex AsksForWords();

    /// <summary>The question asks what someone or something is called ("what's the name of the official…?", "the dead guy's name?").</summary>
    public static bool AsksWhatSomeoneIsCalled(Question question) => NameAskedFor().IsMatch(question.Corrected);

    /// <summary>"Who was Japan's prime minister when…?", "who is the current US ambassador": the post whose holder is asked for, which only a person's name answers; null for any other question.</summary>
    public static string? PostAskedFor(Question question) =>
        PostHolderAskedFor().Match(question.Corrected) is { Success: true } asked ? asked.Groups["post"].Value.ToLowerInvariant() : null;

    /// <summary>
    /// The sentences name someone the question does not: a name the corpus gives with a title somewhere. Where one
    /// says the post asked about, the name must come with it ("Prime Minister Koizumi"): "warned Medvedev…, a
    /// complaint was lodged with the Russian ambassador" does not say who the ambassador was.
    /// </summary>
    public bool NamesWhoHeldIt(Question question, string post, IReadOnlyList<SentenceFacts> sentences)
    {
        var sayingThePost = sentences.Where(s => s.Text.Contains(post, StringComparison.OrdinalIgnoreCase)).ToList();
        if (sayingThePost.Count > 0)
            return sayingThePost.Any(s => HoldersNamed(s.Text, post).Any(name => !MentionsItself(question, name)));
        return sentences.Any(s => MarksOf(s).Capitalised.Any(c => catalog.NamesAPerson(c.Stem) && !MentionsItself(question, c.Lower)));
    }

    /// <summary>The names right after the post, or right before it with a comma ("Yakov Triapitsyn, the partisan leader").</summary>
    static IEnumerable<string> HoldersNamed(string text, string post)
    {
        // Case matters for the names, not for the post: "Prime Minister Koizumi", "the prime minister, Koizumi".
        foreach (Match match in Regex.Matches(text, $@"\b(?i:{Regex.Escape(post)}s?)\s+(?:\p{{Lu}}[\p{{L}}’'-]+\s+)?(?<name>\p{{Lu}}[\p{{L}}’'-]+)|(?<name>\p{{Lu}}[\p{{L}}’'-]+),\s+(?:the|a|an)\s+(?:[\w-]+\s+){{0,2}}(?i:{Regex.Escape(post)})\b", RegexOptions.None, TimeSpan.FromSeconds(1)))
            yield return match.Groups["name"].Value.ToLowerInvariant();
    }

    [GeneratedRegex(@"\bwho\s*(?:is|was|were|'s|’s)\s+(?:the\s+|their\s+|its\s+|[\w-]+['’]s\s+)?(?:(?:current|then|new|last|present|former|russian|japanese|soviet|us|american)\s+){0,2}(?:prime\s+|foreign\s+|defen[cs]e\s+)?(?<post>ambassador|tsar|czar|emperor|king|queen|president|premier|minister|governor|mayor|chancellor|captain|chairman|ceo|commander|spokesman|spokeswoman|spokesperson|envoy|negotiator|secretary)s?\b", RegexOptions.IgnoreCase)]
    private static partial Regex PostHolderAskedFor();

    [GeneratedRegex(@"\bname of\b|\bwhat(?:'s|’s|\s+is|\s+was)\s+(?:his|her|their|its|the\s+\w+['’]s)\s+name\b|\b\w+['’]s\s+name\b|\bwhat\s+(?:is|was)\s+(?:he|she)\s+called\b", RegexOptions.IgnoreCase)]
    private static partial Regex NameAskedFor();

    /// <summary>The question asks for a name: "what is the name of", "which agency", "which city".</summary>
    [GeneratedRegex(@"\b(name of|named|which \w+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AsksForName();

    [GeneratedRegex("[\"“”«»]")]
    private static partial Regex Quotation();

    /// <summary>A sentence that gives something's name: "known as", "called", and "known to the Russians as", a name one party gives it.</summary>
    [GeneratedRegex(@"\b(known as|known (to|by|among) [^,.;:]{1,40}? as|called|named|so-called|dubbed|referred to as|name)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Naming();
}

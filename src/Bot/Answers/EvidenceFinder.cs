using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using Bot.Conversations;
using Bot.Index;

namespace Bot.Answers;

/// <summary>
/// A sentence weighed as an answer. The coverages are shares of the question's weighted words:
/// <see cref="Coverage"/> found in the sentence or around it (heading, neighbours), <see cref="OwnCoverage"/>
/// in the sentence itself, <see cref="DirectCoverage"/> found as themselves or close synonyms rather than
/// loose ones, and <see cref="AskedCoverage"/> the share of the question's own words (not those inherited
/// from the conversation) that the sentence itself holds. <see cref="HoldsWhatIsAsked"/>: the sentence has a
/// date for "when" or a number beside the counted thing for "how many". <see cref="SaysWhatIsAsked"/>: where the
/// question has words besides its names and numbers ("declare war" in "When did the Soviet Union declare war
/// on Japan?"), the sentence itself holds at least one of them or a word for it, or its neighbours hold them
/// all ("the move", after a sentence about the visit); a sentence that only names the same parties is about
/// something else they did.
/// </summary>
public sealed record RankedSentence(
    SentenceFacts Sentence,
    double Score,
    double Coverage,
    double OwnCoverage,
    double DirectCoverage = 1,
    double AskedCoverage = 1,
    bool HoldsWhatIsAsked = false,
    bool SaysWhatIsAsked = true);

/// <summary>
/// Finds the sentences that answer a question: the index proposes passages, and every sentence in them is
/// weighed by the share of the question's weighted words it holds (in itself, its heading or its passage)
/// and by whether it holds the kind of thing asked for (a date for "when", a number for "how many"...).
/// </summary>
public sealed partial class EvidenceFinder(IPassageIndex index, SentenceCatalog catalog)
{
    const int PassagesConsidered = 12;

    /// <summary>A word in more than this share of passages is not searched for (see <see cref="SearchText"/>).</summary>
    const double CommonWordShare = 0.2;

    /// <summary>In a small corpus every word is in a large share of passages; below this count none is left out.</summary>
    const int CommonWordFloor = 50;

    /// <summary>About how many passages one search may score; a small corpus never reaches it.</summary>
    const int SearchRowBudget = 2_000;

    /// <summary>A word in this few passages is searched for with its loose synonyms too.</summary>
    const int RareWord = 2;
    const double PrefixMatch = 0.7;

    /// <summary>Matches at or below this (a loose synonym) do not count as the question's word being there.</summary>
    const double LooseMatch = 0.5;

    /// <summary>A required word (a name, a number) must stand in the sentence, its heading or its passage; the document title is not enough.</summary>
    const double RequiredMatch = 0.3;

    public IReadOnlyList<RankedSentence> Find(Question question, IReadOnlyList<TurnRecord> history)
    {
        if (question.Terms.Count == 0 || MostlyUnknown(question))
            return [];

        var hits = index.Search(SearchText(question), PassagesConsidered);
        var candidates = new List<(PassageFacts Passage, double RankBonus)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < hits.Count; i++)
        {
            if (catalog.Find(hits[i].PassageId) is { } facts && seen.Add(facts.Passage.Id))
                candidates.Add((facts, 0.1 * (1.0 - ((double)i / PassagesConsidered))));
        }
        var previouslyCited = new HashSet<string>(StringComparer.Ordinal);
        var alreadyQuoted = new HashSet<string>(StringComparer.Ordinal);
        if (question.IsFollowUp && history.Count > 0)
        {
            previouslyCited.UnionWith(history[^1].CitedPassageIds);
            foreach (var id in previouslyCited)
            {
                if (catalog.Find(id) is { } facts && seen.Add(id))
                    candidates.Add((facts, 0));
            }
        }
        foreach (var turn in history)
            alreadyQuoted.UnionWith(turn.QuotedSentences);

        // In "how many islands", the islands are what the answer must count: that word weighs most.
        var unit = question.UnitWord is null ? null : Lexicon.StemOf(question.UnitWord);
        var weights = question.Terms.Select(t => t.Weight * catalog.Weight(t.Stem) * (t.Stem == unit ? 2.5 : 1)).ToArray();
        var total = weights.Sum();
        // In a follow-up, its own plain words ("won" in "Who won?") must be in the sentence itself.
        var askedTotal = question.IsFollowUp ? question.Terms.Select((t, i) => IsOwnWord(t) ? weights[i] : 0).Sum() : 0;
        var named = question.Terms.Select(question.Names).ToArray();
        var ranked = new List<RankedSentence>();
        foreach (var (passage, rankBonus) in candidates)
        {
            for (var s = 0; s < passage.Sentences.Count; s++)
            {
                var sentence = passage.Sentences[s];
                double covered = 0, ownCovered = 0, directCovered = 0, askedCovered = 0;
                var missingRequired = false;
                bool hasPredicate = false, saysPredicate = false, predicateAround = true;
                for (var t = 0; t < question.Terms.Count; t++)
                {
                    var term = question.Terms[t];
                    var own = MatchIn(term, sentence.Stems, sentence.Prefixes);
                    var match = Math.Max(own, MatchAround(term, passage, s));
                    missingRequired |= term.IsRequired && match < RequiredMatch;
                    covered += weights[t] * match;
                    ownCovered += weights[t] * own;
                    if (match > LooseMatch)
                        directCovered += weights[t] * match;
                    if (IsOwnWord(term))
                        askedCovered += weights[t] * own;
                    if (IsOwnWord(term) && !term.IsRequired)
                    {
                        hasPredicate = true;
                        // "war" in "the Cold War" is not the war a question asks about, unless the question names it too.
                        saysPredicate |= (named[t] ? own : MatchIn(term, sentence.CommonStems, FrozenSet<string>.Empty)) > 0;
                        predicateAround &= match > LooseMatch;
                    }
                }
                // A passage that never names the person, place or year asked about answers some other question.
                if (missingRequired)
                    continue;
                var kindBonus = KindBonus(question, sentence, out var holdsWhatIsAsked);
                var coverage = covered / total;
                var ownCoverage = ownCovered / total;
                var score = (0.6 * coverage) + (0.4 * ownCoverage) + rankBonus + kindBonus;
                if (sentence.IsQuestion)
                    score -= 0.4;
                if (sentence.WordCount < 5)
                    score -= 0.2;
                if (alreadyQuoted.Contains(sentence.Key))
                    score -= 0.35;
                if (previouslyCited.Contains(passage.Passage.Id))
                    score += 0.05;
                ranked.Add(new RankedSentence(
                    sentence, score, coverage, ownCoverage, directCovered / total,
                    askedTotal > 0 ? askedCovered / askedTotal : 1, holdsWhatIsAsked, !hasPredicate || saysPredicate || predicateAround));
            }
        }
        ranked.Sort((a, b) => b.Score.CompareTo(a.Score));
        return ranked;
    }

    static bool IsOwnWord(QueryTerm term) => term.Source == TermSource.Asked && term.Weight >= 1;

    /// <summary>
    /// When most of what a question names is absent from every source ("the weather in Moscow", "the
    /// capital of France"), no passage can answer it, however well its remaining words match.
    /// </summary>
    bool MostlyUnknown(Question question)
    {
        var substantive = question.Asked.Where(t => t.Weight >= 1).ToList();
        if (substantive.Count == 0)
            return false;
        var unknown = substantive.Count(t => !catalog.Knows(t));
        return unknown * 2 >= substantive.Count;
    }

    /// <summary>
    /// The words to search for: the question's, their lemmas and synonyms, less those that most passages hold.
    /// A word in every other passage ("Japan", here) ranks nothing, yet makes the index score every passage
    /// that holds it; the sentences are still weighed by it afterwards. When every word is that common, the
    /// rarest are kept.
    /// </summary>
    internal string SearchText(Question question)
    {
        var words = new List<(string Word, int Frequency)>();
        foreach (var term in question.Terms)
        {
            Add(term.Word, term.Stem);
            if (Lexicon.Lemmas.TryGetValue(term.Word, out var lemma))
                Add(lemma, term.Stem);
            // A loose synonym ("provide" for "supply") finds passages only where the word itself is rare;
            // elsewhere it only widens the search, and the sentences are weighed with it afterwards anyway.
            var wordIsRare = catalog.DocumentFrequency(term.Stem) <= RareWord;
            foreach (var synonym in Lexicon.SynonymWords(term.Stem))
            {
                var stem = Lexicon.StemOf(synonym);
                if (wordIsRare || term.Synonyms.Any(s => s.Stem == stem && s.Strength > Lexicon.LooseStrength))
                    Add(synonym, stem);
            }
        }
        var common = Math.Max(CommonWordFloor, catalog.PassageCount * CommonWordShare);
        var kept = words.Where(w => w.Frequency <= common).ToList();
        if (kept.Count == 0)
            kept = [.. words.OrderBy(w => w.Frequency).Take(2)];

        // The index scores every passage that holds any searched word, so the rarest words are searched
        // first and the rest only while the passages they bring stay within a fixed budget: the cost of a
        // search then stops growing with the corpus.
        var searched = new List<string>(kept.Count);
        var rows = 0;
        foreach (var (word, frequency) in kept.OrderBy(w => w.Frequency))
        {
            if (searched.Count > 0 && rows + frequency > SearchRowBudget)
                break;
            searched.Add(word);
            rows += frequency;
        }
        return string.Join(' ', searched);

        void Add(string word, string stem) => words.Add((word, catalog.DocumentFrequency(stem)));
    }

    static double MatchIn(QueryTerm term, FrozenSet<string> stems, FrozenSet<string> prefixes)
    {
        if (stems.Contains(term.Stem))
            return 1.0;
        foreach (var synonym in term.Synonyms)
        {
            // Synonyms come strongest first, so the first found is the best.
            if (stems.Contains(synonym.Stem))
                return synonym.Strength;
        }
        return term.Prefix is not null && prefixes.Contains(term.Prefix) ? PrefixMatch : 0;
    }

    /// <summary>A word the sentence lacks may stand in its heading or a neighbouring sentence, which counts for less.</summary>
    static double MatchAround(QueryTerm term, PassageFacts passage, int sentenceIndex)
    {
        if (MatchIn(term, passage.HeadingStems, passage.HeadingPrefixes) is var heading and > 0)
            return 0.6 * heading;
        var best = 0.0;
        for (var i = 0; i < passage.Sentences.Count; i++)
        {
            if (i == sentenceIndex)
                continue;
            var factor = i == sentenceIndex - 1 ? 0.5 : 0.35;
            best = Math.Max(best, factor * MatchIn(term, passage.Sentences[i].Stems, passage.Sentences[i].Prefixes));
        }
        return Math.Max(best, 0.25 * MatchIn(term, passage.TitleStems, FrozenSet<string>.Empty));
    }

    /// <summary>Whether the sentence holds the kind of thing the question asks for: a bonus, or a cost where it clearly does not.</summary>
    static double KindBonus(Question question, SentenceFacts sentence, out bool holdsWhatIsAsked)
    {
        holdsWhatIsAsked = false;
        switch (question.Kind)
        {
            case QuestionKind.When:
                holdsWhatIsAsked = sentence.Years.Count > 0 || Month().IsMatch(sentence.Text);
                if (holdsWhatIsAsked)
                    return 0.25;
                // "In the closing days of World War II" dates an event as squarely as a year, if less exactly.
                holdsWhatIsAsked = WhenWithoutDate().IsMatch(sentence.Text);
                return holdsWhatIsAsked ? 0.15 : -0.3;
            case QuestionKind.Quantity:
                // A year dates something; it does not count or measure it.
                if (sentence.Numbers.Count <= sentence.Years.Count && !sentence.HasNumberWord)
                    return -0.4;
                holdsWhatIsAsked = UnitNearNumber(question, sentence);
                return holdsWhatIsAsked ? 0.35 : 0.1;
            case QuestionKind.Why:
                return CauseBonus(question, sentence);
            case QuestionKind.Who:
                return Person().IsMatch(sentence.Text) ? 0.1 : 0;
            case QuestionKind.Where:
                return Place().IsMatch(sentence.Text) ? 0.1 : 0;
            default:
                return 0;
        }
    }

    /// <summary>
    /// A "why" is answered by a sentence whose cause explains the thing asked about, not by one where the
    /// thing asked about is itself the cause of something else: after "Is there a peace treaty?", "Why
    /// not?" wants "no treaty was signed because of the island dispute", not "they remain at war because
    /// no treaty was signed".
    /// </summary>
    static double CauseBonus(Question question, SentenceFacts sentence)
    {
        var text = sentence.Text;
        if (CauseFollows().Match(text) is { Success: true } follows)
            return Explains(question, effect: text[..follows.Index], cause: text[(follows.Index + follows.Length)..]);
        if (EffectFollows().Match(text) is { Success: true } effect)
            return Explains(question, effect: text[(effect.Index + effect.Length)..], cause: text[..effect.Index]);
        return Cause().IsMatch(text) ? 0.2 : 0;
    }

    static double Explains(Question question, string effect, string cause)
    {
        static HashSet<string> StemsIn(string part) => [.. Words.Of(part).Select(Lexicon.StemOf)];
        var effectStems = StemsIn(effect);
        var causeStems = StemsIn(cause);
        bool In(HashSet<string> stems, QueryTerm term) => stems.Contains(term.Stem) || term.Synonyms.Any(s => s.Strength > LooseMatch && stems.Contains(s.Stem));
        var topic = question.Terms.Where(t => t.Weight >= 1 || t.Source == TermSource.Context).ToList();
        if (topic.Any(t => In(effectStems, t)))
            return 0.25;
        return topic.Any(t => In(causeStems, t)) ? -0.15 : 0.1;
    }

    /// <summary>"How many islands": a number right before "islands" (or a word for it) is what is asked for.</summary>
    static bool UnitNearNumber(Question question, SentenceFacts sentence)
    {
        if (question.UnitWord is null)
            return false;
        var unit = Lexicon.StemOf(question.UnitWord);
        var synonyms = Lexicon.SynonymsOf(unit);
        var words = sentence.WordStems;
        for (var i = 0; i < words.Count; i++)
        {
            var stem = words[i];
            if (stem != unit && !synonyms.Any(s => s.Stem == stem))
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

    [GeneratedRegex(@"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b")]
    private static partial Regex Month();

    [GeneratedRegex(@"\b(in the (closing|final|last|first|early|opening) (days|weeks|months|years|stages) of|at the (end|start|beginning|close|outbreak) of|(at|by|since|after|before|until) the end of|shortly (after|before))\b", RegexOptions.IgnoreCase)]
    private static partial Regex WhenWithoutDate();

    /// <summary>Words after which the cause is stated: "X because Y".</summary>
    [GeneratedRegex(@"\b(because( of)?|due to|owing to|thanks to|as a result of|caused by|stem(s|med)? from|in order to|so that)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CauseFollows();

    /// <summary>Words after which the effect is stated: "Y prevented X".</summary>
    [GeneratedRegex(@"\b(prevent(ed|s|ing)?|led to|lead to|sparked|resulted in|caused)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EffectFollows();

    [GeneratedRegex(@"\b(because|due to|caused|causes|cause of|prevent(ed|s)?|since|as a result|reason|led to|sparked|so that|in order to|desire|ambition|fear(ed|s)?|concerned|worried|over control|owing to|thanks to)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Cause();

    [GeneratedRegex(@"(\s[A-Z][a-z]+\s[A-Z][a-z]+|\b(president|minister|spokesman|spokeswoman|leader|emperor|king|official|secretary|director|chairman|general|ambassador)\b)")]
    private static partial Regex Person();

    [GeneratedRegex(@"\b(in|at|near|off|from|to|between|on) (the )?[A-Z]|\b(island|border|north|south|east|west|km|miles|coast|strait|sea|peninsula)\b")]
    private static partial Regex Place();
}

using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using Bot.Conversations;
using Bot.Index;

namespace Bot.Answers;

/// <summary>A sentence weighed as an answer: <see cref="Coverage"/> is how much of the question it (with its passage) speaks to.</summary>
public sealed record RankedSentence(SentenceFacts Sentence, double Score, double Coverage, double OwnCoverage);

/// <summary>
/// Finds the sentences that answer a question: the index proposes passages, and every sentence in them is
/// weighed by the share of the question's weighted words it holds (in itself, its heading or its passage)
/// and by whether it holds the kind of thing asked for (a date for "when", a number for "how many"...).
/// </summary>
public sealed partial class EvidenceFinder(IPassageIndex index, SentenceCatalog catalog)
{
    const int PassagesConsidered = 12;
    const double SynonymMatch = 0.7;

    public IReadOnlyList<RankedSentence> Find(Question question, IReadOnlyList<TurnRecord> history)
    {
        if (question.Terms.Count == 0)
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

        var weights = question.Terms.Select(t => t.Weight * catalog.Weight(t.Stem)).ToArray();
        var total = weights.Sum();
        var ranked = new List<RankedSentence>();
        foreach (var (passage, rankBonus) in candidates)
        {
            for (var s = 0; s < passage.Sentences.Count; s++)
            {
                var sentence = passage.Sentences[s];
                double covered = 0, ownCovered = 0;
                for (var t = 0; t < question.Terms.Count; t++)
                {
                    var own = MatchInSentence(question.Terms[t], sentence);
                    var match = Math.Max(own, MatchAround(question.Terms[t], passage, s));
                    covered += weights[t] * match;
                    ownCovered += weights[t] * own;
                }
                var coverage = covered / total;
                var ownCoverage = ownCovered / total;
                var score = (0.6 * coverage) + (0.4 * ownCoverage) + rankBonus + KindBonus(question, sentence);
                if (sentence.IsQuestion)
                    score -= 0.4;
                if (sentence.WordCount < 5)
                    score -= 0.2;
                if (alreadyQuoted.Contains(sentence.Key))
                    score -= 0.35;
                if (previouslyCited.Contains(passage.Passage.Id))
                    score += 0.05;
                ranked.Add(new RankedSentence(sentence, score, coverage, ownCoverage));
            }
        }
        ranked.Sort((a, b) => b.Score.CompareTo(a.Score));
        return ranked;
    }

    static string SearchText(Question question)
    {
        var text = new StringBuilder();
        foreach (var term in question.Terms)
        {
            text.Append(term.Word).Append(' ');
            if (Lexicon.Lemmas.TryGetValue(term.Word, out var lemma))
                text.Append(lemma).Append(' ');
            foreach (var synonym in Lexicon.SynonymWords(term.Stem))
                text.Append(synonym).Append(' ');
        }
        return text.ToString();
    }

    static double MatchInSentence(QueryTerm term, SentenceFacts sentence)
    {
        if (sentence.Stems.Contains(term.Stem))
            return 1.0;
        foreach (var alternative in term.Alternatives)
        {
            if (sentence.Stems.Contains(alternative))
                return SynonymMatch;
        }
        return 0;
    }

    /// <summary>A word the sentence lacks may stand in its heading or a neighbouring sentence, which counts for less.</summary>
    static double MatchAround(QueryTerm term, PassageFacts passage, int sentenceIndex)
    {
        if (Holds(passage.HeadingStems, term) is var heading and > 0)
            return 0.6 * heading;
        var best = 0.0;
        for (var i = 0; i < passage.Sentences.Count; i++)
        {
            if (i == sentenceIndex)
                continue;
            var factor = i == sentenceIndex - 1 ? 0.5 : 0.35;
            best = Math.Max(best, factor * MatchInSentence(term, passage.Sentences[i]));
        }
        return Math.Max(best, 0.25 * Holds(passage.TitleStems, term));
    }

    static double Holds(FrozenSet<string> stems, QueryTerm term)
    {
        if (stems.Contains(term.Stem))
            return 1.0;
        foreach (var alternative in term.Alternatives)
        {
            if (stems.Contains(alternative))
                return SynonymMatch;
        }
        return 0;
    }

    /// <summary>Whether the sentence holds the kind of thing the question asks for.</summary>
    static double KindBonus(Question question, SentenceFacts sentence) => question.Kind switch
    {
        QuestionKind.When => sentence.Years.Count > 0 || Month().IsMatch(sentence.Text) ? 0.25 : -0.15,
        QuestionKind.Quantity => !sentence.HasNumber ? -0.2 : UnitNearNumber(question, sentence) ? 0.35 : 0.2,
        QuestionKind.Why => Cause().IsMatch(sentence.Text) ? 0.25 : 0,
        QuestionKind.Who => Person().IsMatch(sentence.Text) ? 0.1 : 0,
        QuestionKind.Where => Place().IsMatch(sentence.Text) ? 0.1 : 0,
        _ => 0,
    };

    /// <summary>"How many islands": a number right before "islands" (or a word for it) is what is asked for.</summary>
    static bool UnitNearNumber(Question question, SentenceFacts sentence)
    {
        if (question.UnitWord is null)
            return false;
        var unit = Lexicon.StemOf(question.UnitWord);
        var alternatives = Lexicon.SynonymStems(unit);
        var words = Words.Of(sentence.Text).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            var stem = Lexicon.StemOf(words[i]);
            if (stem != unit && !alternatives.Contains(stem))
                continue;
            for (var j = Math.Max(0, i - 4); j < i; j++)
            {
                if (words[j].Length > 0 && char.IsDigit(words[j][0]))
                    return true;
            }
        }
        return false;
    }

    [GeneratedRegex(@"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b")]
    private static partial Regex Month();

    [GeneratedRegex(@"\b(because|due to|caused|causes|cause of|prevent(ed|s)?|since|as a result|reason|led to|sparked|so that|in order to|desire|ambition|fear(ed|s)?|concerned|worried|over control|owing to|thanks to)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Cause();

    [GeneratedRegex(@"(\s[A-Z][a-z]+\s[A-Z][a-z]+|\b(president|minister|spokesman|spokeswoman|leader|emperor|king|official|secretary|director|chairman|general|ambassador)\b)")]
    private static partial Regex Person();

    [GeneratedRegex(@"\b(in|at|near|off|from|to|between|on) (the )?[A-Z]|\b(island|border|north|south|east|west|km|miles|coast|strait|sea|peninsula)\b")]
    private static partial Regex Place();
}

using System.Text.RegularExpressions;
using Bot.Index;

namespace Bot.Answers;

/// <summary>What a sentence says to a yes-or-no question: yes, no, or nothing plain enough to be a verdict.</summary>
public enum VerdictWord { Unclear, Yes, No }

/// <summary>
/// A sentence's verdict on a yes-or-no question, with the clause it was read from and, where the verdict is in
/// the next sentence ("That suggestion was very unpopular."), that sentence, which is quoted too.
/// </summary>
public sealed record Verdict(VerdictWord Word, Clause? Clause = null, SentenceFacts? Follower = null, double Coverage = 0)
{
    public static Verdict Unclear { get; } = new(VerdictWord.Unclear);
}

/// <summary>
/// Reads a yes or no from the clause of a sentence that speaks to the question's claim, and from nothing else.
/// The clause must hold most of what the question asks about (its words by rarity, every name it gives), and
/// state it plainly: a clause that only reports what someone wants, opposes, fears or suggests ("Russian
/// nationalists strongly oppose giving the islands back"), or says what might be, gives no verdict on whether
/// it is so. Its polarity decides: negated ("was never signed", "refused") is no, plain is yes, and a word the
/// question asks about made into its opposite ("unpopular" to "was it popular?") is no. A question negated
/// inside ("Is there no treaty?") has no plain yes or no. "Didn't they fight in 1904?" asks whether they
/// fought. Where no clause is plain enough, the answer gives the sentence without a verdict word.
/// </summary>
public sealed partial class VerdictReader(SentenceCatalog catalog)
{
    /// <summary>The share of the question's words (by rarity) a clause must hold to speak to its claim.</summary>
    const double MinCoverage = 0.6;

    public Verdict Read(Question question, SentenceFacts sentence)
    {
        if (question.Kind != QuestionKind.YesNo || question.IsNegated || sentence.IsQuestion)
            return Verdict.Unclear;
        var terms = question.Asked.ToList();
        // Names alone state no claim: "did the Russians like that?" reads as just "Russians" (its "like" is a
        // word too common to weigh), and any clause naming them would seem to say yes.
        if (!terms.Any(t => !t.IsRequired))
            return Verdict.Unclear;
        var follower = Follower(sentence);
        // Every name and number the question gives must be in what is read: a sentence about another country or
        // year says nothing of this one's.
        var read = follower is null ? sentence.Stems : StemSet.Of(sentence.Stems.Concat(follower.Stems));
        if (terms.Any(t => t.IsRequired && !read.Any(s => NameForms.Same(s, t.Stem))))
            return Verdict.Unclear;

        var clauses = sentence.Clauses.Select(c => (Clause: c, Follower: (SentenceFacts?)null))
            .Concat((follower?.Clauses ?? []).Select(c => (Clause: c, Follower: follower)));
        var best = (Clause: (Clause?)null, Follower: (SentenceFacts?)null, Coverage: 0.0);
        foreach (var (clause, from) in clauses)
        {
            // The next sentence speaks to the claim only with a word of it that this one lacks ("That suggestion was
            // very unpopular" to "was it popular?"); "But Japan refused", after "Moscow offered to give two of the
            // islands back", refuses the offer and says nothing new of whether it was made.
            if (from is not null && !terms.Any(t => !t.IsRequired && !sentence.Stems.Contains(t.Stem) && Holds(clause, t)))
                continue;
            // The next sentence's "That suggestion" is the one this sentence states: what it points back to counts as said.
            var coverage = Coverage(terms, clause, from is null ? null : sentence.Stems);
            if (coverage > best.Coverage)
                best = (clause, from, coverage);
        }
        if (best.Clause is not { } spoken || best.Coverage < MinCoverage || Reports(spoken, terms))
            return Verdict.Unclear;
        // The clause that speaks to the claim names what the question names: "Japan is dependent on imported
        // energy" says nothing of whether the energy is Russia's.
        var named = best.Follower is null ? spoken.Stems : StemSet.Of(spoken.Stems.Concat(sentence.Stems));
        if (terms.Any(t => t.IsRequired && !named.Any(s => NameForms.Same(s, t.Stem))))
            return Verdict.Unclear;
        // "Did Russia eventually drop its demand?" against "Russia demanded…": the clause must say what the question
        // asks was done, not only who did it and to what.
        if (DoneAsked(question, terms) is { } done && !Holds(spoken, done))
            return Verdict.Unclear;
        // "Does Japan claim all the Kuril Islands?" against "The Japanese claim the southern Kuril Islands": a word
        // that narrows the claim to the whole of something, to it alone or to one place in a series is what the
        // question turns on, and a sentence that does not say it gives no verdict on it.
        if (Words.Of(question.Corrected).Where(Narrowing.Contains).ToList() is [_, ..] narrowing
            && Words.Of($"{sentence.Text} {best.Follower?.Text}").ToHashSet(StringComparer.Ordinal) is var said && !narrowing.All(said.Contains))
            return Verdict.Unclear;
        // "Moscow didn't need Japan's assistance" denies the need, not the help "did Japan help?" asks about.
        if (spoken.IsNegated && !DeniesTheClaim(spoken, terms))
            return Verdict.Unclear;
        // "Were a lot of the fishermen killed?" is not answered yes by "killing a fisherman": a claim of how many
        // needs a clause that counts.
        if (!spoken.IsNegated && AsksHowMany().IsMatch(question.Corrected) && !Counts().IsMatch(spoken.Text))
            return Verdict.Unclear;
        // "Did the 1991 visit reaffirm the promise?": "...produced a joint statement, but it did not reaffirm
        // Article 9". Where another clause denies a word of the claim that the clause nearest in words does not
        // say, that clause answers. "Japan and Russia remain technically at war because a peace treaty ... was
        // never signed" denies the signing, not the war.
        if (!spoken.IsNegated && sentence.Clauses.FirstOrDefault(c => !ReferenceEquals(c, spoken) && DeniesWhatIsNotSaid(c, spoken, terms)) is { } denial)
            return new Verdict(VerdictWord.No, denial, null, best.Coverage);
        var negated = spoken.IsNegated != SaysTheOpposite(spoken, terms);
        return new Verdict(negated ? VerdictWord.No : VerdictWord.Yes, spoken, best.Follower, best.Coverage);
    }

    static readonly HashSet<string> DoSupport = new(StringComparer.Ordinal) { "did", "does", "do", "didn", "doesn", "don" };
    static readonly HashSet<string> SubjectPronouns = new(StringComparer.Ordinal) { "he", "she", "they", "it", "we", "you" };

    /// <summary>
    /// The verb of a "did X do Y?" question whose subject is one name or a pronoun ("Did Russia eventually drop…",
    /// "did they sign…"), where it is a word of the question's own; otherwise none.
    /// </summary>
    static QueryTerm? DoneAsked(Question question, List<QueryTerm> terms)
    {
        var words = Words.Of(question.Corrected).ToList();
        var at = words.FindIndex(DoSupport.Contains);
        if (at < 0 || at + 2 >= words.Count)
            return null;
        var subject = words[at + 1];
        if (!SubjectPronouns.Contains(subject) && !terms.Any(t => t.IsRequired && t.Word == subject))
            return null;
        var verbAt = at + 2;
        if (words[verbAt] == "t" && verbAt + 1 < words.Count)
            verbAt++;
        if (words[verbAt].EndsWith("ly", StringComparison.Ordinal) && verbAt + 1 < words.Count)
            verbAt++;
        var verb = words[verbAt];
        return terms.FirstOrDefault(t => !t.IsRequired && t.Word == verb);
    }

    /// <summary>Share of the question's words, by rarity, that the clause holds as written, as a name's other form, as an English synonym, or as its opposite.</summary>
    double Coverage(List<QueryTerm> terms, Clause clause, StemSet? pointedTo = null)
    {
        double held = 0, total = 0;
        foreach (var term in terms)
        {
            var weight = catalog.Weight(term.Stem);
            total += weight;
            if (Holds(clause, term) || (pointedTo is { } earlier && earlier.Any(s => s == term.Stem || NameForms.Same(s, term.Stem))))
                held += weight;
        }
        return total > 0 ? held / total : 0;
    }

    /// <summary>The clause holds the question's word as written, as a name's other form, as its opposite, or as an English synonym (which states the same claim, "cooperate" for "collaborate"; a name or a number has none).</summary>
    bool Holds(Clause clause, QueryTerm term) =>
        clause.Stems.Contains(term.Stem) || clause.Stems.Any(s => NameForms.Same(s, term.Stem)) || Opposites(clause).Contains(term.Stem)
        || (!term.IsRequired && catalog.SynonymsOf(term.Stem).Any(clause.Stems.Contains));

    /// <summary>
    /// The clause reports an attitude, a plan or a possibility rather than a fact (a modal or an attitude verb
    /// the question does not itself ask about): "oppose giving back" does not say whether anything was given back.
    /// </summary>
    static bool Reports(Clause clause, List<QueryTerm> terms)
    {
        foreach (Match match in Attitude().Matches(clause.Text))
        {
            var stem = TextAnalysis.StemOf(match.Value.ToLowerInvariant());
            if (stem is not null && terms.Any(t => t.Stem == stem))
                continue;
            // It governs what the question asks when a word of the claim comes after it ("oppose giving the
            // islands back"); "visited the islands claimed by Japan" states the visit plainly.
            var after = clause.Text[(match.Index + match.Length)..];
            if (Words.Of(after).Select(TextAnalysis.StemOf).Any(s => s is not null && terms.Any(t => !t.IsRequired && t.Stem == s)))
                return true;
        }
        return false;
    }

    /// <summary>The next sentence of the passage where it points back to this one and holds a word of the question (or its opposite) this one does not.</summary>
    SentenceFacts? Follower(SentenceFacts sentence)
    {
        if (catalog.Find(sentence.Passage.Id)?.Sentences is not { } sentences || sentence.Index + 1 >= sentences.Count || !sentences[sentence.Index + 1].LeansOnPrevious)
            return null;
        return sentences[sentence.Index + 1];
    }

    /// <summary>
    /// A negation in the clause denies what the question claims: a verb that denies ("refused", "rejected"), a
    /// "not" or "never" with a word of the claim (or its synonym) other than a name before it in the clause or
    /// among the next two words that say something ("a peace treaty was never signed", "did not sign a treaty"),
    /// or a "no" or "none" with such a word after it ("no peace treaty").
    /// </summary>
    bool DeniesTheClaim(Clause clause, List<QueryTerm> terms)
    {
        if (DenyingVerb().IsMatch(clause.Text))
            return true;
        foreach (Match negation in NegatingWord().Matches(clause.Text))
        {
            // "None of the 15 crew members were hurt": a "no" or "none" that opens what it denies denies the
            // rest of the clause; a "not" denies the words that follow it.
            // "A peace treaty ... was never signed": what comes before a "not" is what it is denied of.
            var opensIt = negation.Value.ToLowerInvariant() is "no" or "none" or "nor" or "neither";
            var after = StemsOf(clause.Text[(negation.Index + negation.Length)..]);
            var denied = opensIt ? after : after.Take(2).Concat(StemsOf(clause.Text[..negation.Index]));
            if (denied.Any(d => terms.Any(t => !t.IsRequired && Says(t, d))))
                return true;
        }
        return false;
    }

    /// <summary>The clause's "not" (or "never", "no") is followed by a word of the claim, other than a name, that the other clause does not hold.</summary>
    bool DeniesWhatIsNotSaid(Clause clause, Clause other, List<QueryTerm> terms)
    {
        foreach (Match negation in NegatingWord().Matches(clause.Text))
        {
            var denied = StemsOf(clause.Text[(negation.Index + negation.Length)..]).Take(2);
            if (denied.Any(d => terms.Any(t => !t.IsRequired && !other.Stems.Contains(t.Stem) && Says(t, d))))
                return true;
        }
        return false;
    }

    /// <summary>The stem is the term's, or an English synonym of it.</summary>
    bool Says(QueryTerm term, string stem) => term.Stem == stem || catalog.SynonymsOf(term.Stem).Contains(stem);

    static IEnumerable<string> StemsOf(string text) => Words.Of(text).Select(w => TextAnalysis.StemOf(w.ToLowerInvariant())).OfType<string>();

    [GeneratedRegex(@"\b(failed|fails|refused|refuses|denied|denies|rejected|rejects|prevented|prevents|lacks?|lacked|absence|yet to|(stopped|stops|stopping|fell|falls) short of)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DenyingVerb();

    [GeneratedRegex(@"\b(not|never|no|none|nor|neither|without|cannot)\b|n[’']t\b", RegexOptions.IgnoreCase)]
    private static partial Regex NegatingWord();

    /// <summary>A question that claims a quantity without giving it: "were a lot of them killed?", "did many leave?".</summary>
    [GeneratedRegex(@"\b(a lot|lots|many|most|mostly|much|plenty|the majority|huge numbers?|large numbers?|dozens|hundreds|thousands)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AsksHowMany();

    /// <summary>A clause that counts: a number, a number word, or a word of quantity.</summary>
    [GeneratedRegex(@"\d|\b(two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?|thousands?|millions?|many|most|majority|all|numerous|several|large numbers?|a lot|lots)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Counts();

    /// <summary>Stems of the words the clause makes opposite with an English prefix: "popular" for "unpopular".</summary>
    static HashSet<string> Opposites(Clause clause)
    {
        var stems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in Words.Of(clause.Text))
        {
            if (OppositePrefix().Match(word) is { Success: true } match && TextAnalysis.StemOf(match.Groups["rest"].Value) is { } stem)
                stems.Add(stem);
        }
        return stems;
    }

    static readonly HashSet<string> Narrowing = new(StringComparer.Ordinal) { "all", "every", "entire", "entirely", "whole", "completely", "fully", "only", "solely", "first", "last" };

    static bool SaysTheOpposite(Clause clause, List<QueryTerm> terms)
    {
        var opposites = Opposites(clause);
        return terms.Any(t => opposites.Contains(t.Stem) && !clause.Stems.Contains(t.Stem));
    }

    [GeneratedRegex("^(un|in|im|il|ir|dis|non)(?<rest>[a-z]{4,})$")]
    private static partial Regex OppositePrefix();

    /// <summary>
    /// English modal verbs, verbs that report a wish, a stance, a fear, a plan, a commitment or a claim rather
    /// than a fact ("agreed to work towards resolving" says nothing of whether it was resolved), and words of a
    /// near miss ("went very close to intruding" is not an intrusion).
    /// </summary>
    [GeneratedRegex(@"\b(might|may|could|would|should|oppos(e|es|ed|ing)|support(s|ed|ing)?|want(s|ed|ing)?|hope(s|d)?|hoping|fear(s|ed)?|plan(s|ned|ning)?|propos(e|es|ed|ing)|suggest(s|ed|ing)?|offer(s|ed|ing)?|demand(s|ed|ing)?|claim(s|ed|ing)?|believe(s|d)?|think(s)?|thought|consider(s|ed)?|expect(s|ed)?|seek(s|ing)?|sought|intend(s|ed)?|threaten(s|ed)?|promise(s|d)?|hint(s|ed)?|urge(s|d)?|warn(s|ed)?|if|whether|talks? of|aim(s|ed)? to|concerns?|worried|reportedly|agree(s|d)? to|decide(s|d)? to|pledge(s|d)? to|vow(s|ed)? to|tr(y|ies|ied) to|attempt(s|ed)? to|almost|nearly|close to|on the verge of)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Attitude();
}

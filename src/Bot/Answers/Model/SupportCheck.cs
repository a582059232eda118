using System.Collections.Frozen;
using System.Numerics.Tensors;
using System.Text.RegularExpressions;
using Bot.Embeddings;
using Bot.Index;
using Microsoft.Extensions.Options;

namespace Bot.Answers.Model;

/// <summary>A piece of the model's reply that nobody sees, and why.</summary>
public sealed record DroppedPiece(string Text, string Reason);

/// <summary>What survived the check of a model's reply, what did not, and whether the model said the passages do not answer.</summary>
public sealed record CheckedReply(IReadOnlyList<SupportedSentence> Kept, IReadOnlyList<DroppedPiece> Dropped, bool SaysNotFound)
{
    public static CheckedReply NotFound { get; } = new([], [], SaysNotFound: true);
}

/// <summary>
/// Checks a language model's reply, statement by statement, against the passages it cites, before anyone sees
/// it (the sentence-alignment idea behind SummaC, and checking claim by claim as RAGAS and FActScore do).
/// Every sentence must cite, only passages the model was given. Each of its clauses must rest on one sentence
/// of those passages, or two adjacent ones: near in meaning (the embedding model's cosine at least
/// <see cref="LanguageModelOptions.MinSupport"/>), holding most of its words (or English synonyms of them),
/// every number and date it gives (number words read as numbers), every name it gives (by the forms English
/// makes of names: "China" and "Chinese", "Finland" and "Finns"), every quotation word for word, and saying it
/// the same way round (a negation, an opposite or an opposed stance where the source has none is a
/// contradiction). A clause that rests on nothing is dropped, even when the rest of its sentence stands; a
/// sentence whose first clause is dropped is dropped whole. Each drop is given a reason for the log.
/// </summary>
public sealed partial class SupportCheck(QueryVectors vectors, IPassageIndex index, SentenceCatalog catalog, IOptions<LanguageModelOptions> options)
{
    /// <summary>The share of a clause's plain words its sentences must hold, allowing for rephrasing.</summary>
    internal const double MinWordShare = 0.5;

    const int PrefixLength = 6;

    static readonly FrozenDictionary<string, string> NumberWords = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // "one" is left out: it is a pronoun ("signing one") and a determiner ("one passage adds") far more often than a count.
        ["two"] = "2", ["three"] = "3", ["four"] = "4", ["five"] = "5", ["six"] = "6", ["seven"] = "7",
        ["eight"] = "8", ["nine"] = "9", ["ten"] = "10", ["eleven"] = "11", ["twelve"] = "12", ["twenty"] = "20",
        ["thirty"] = "30", ["forty"] = "40", ["fifty"] = "50", ["hundred"] = "100", ["dozen"] = "12",
        ["thirteen"] = "13", ["fourteen"] = "14", ["fifteen"] = "15", ["sixteen"] = "16", ["seventeen"] = "17", ["eighteen"] = "18",
        ["nineteen"] = "19", ["sixty"] = "60", ["seventy"] = "70", ["eighty"] = "80", ["ninety"] = "90",
        // "Half" is a share as "a third" is: "roughly half of the catch" where they say a third is another number.
        ["half"] = "1/2",
        // Ordinals past "second", which is as often a unit of time, and "first", as often an adverb.
        ["third"] = "3rd", ["fourth"] = "4th", ["fifth"] = "5th", ["sixth"] = "6th", ["seventh"] = "7th", ["eighth"] = "8th", ["ninth"] = "9th", ["tenth"] = "10th",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    static readonly FrozenSet<string> Particles = FrozenSet.Create(StringComparer.Ordinal, ["up", "down", "in", "out", "on", "off", "over", "under", "back", "away"]);

    /// <summary>"2 million" and "2 billion" share a digit; the scale word must match as well.</summary>
    static readonly FrozenSet<string> Scales = FrozenSet.Create(StringComparer.Ordinal, ["thousand", "million", "billion", "trillion"]);

    /// <summary>English verbs of stance, by which way they lean: backing a plan and opposing it are opposite claims.</summary>
    static readonly FrozenSet<string> ForStance = FrozenSet.Create(StringComparer.Ordinal, [.. new[] { "support", "back", "favor", "favour", "endorse", "welcome", "approve", "accept", "agree", "embrace", "applaud", "praise", "allow", "permit" }.Select(Stem)]);
    static readonly FrozenSet<string> AgainstStance = FrozenSet.Create(StringComparer.Ordinal, [.. new[] { "oppose", "reject", "refuse", "resist", "condemn", "denounce", "object", "protest", "criticize", "criticise", "deny", "decline", "forbid", "ban", "veto" }.Select(Stem)]);

    /// <summary>Function words that still carry a claim: a negation, a measure, an order in time or place.</summary>
    static readonly FrozenSet<string> Meaningful = FrozenSet.Create(StringComparer.Ordinal, [.. new[] { "no", "not", "nor", "only", "very", "few", "more", "most", "against", "off", "over", "under", "again", "further", "same", "other", "own", "all", "both", "each", "before", "after", "above", "below", "up", "down", "out", "once", "until", "during", "between", "into", "through" }.Select(Stem)]);

    static readonly Lazy<FrozenDictionary<string, string[]>> Opposites = new(ReadOpposites);

    readonly LanguageModelOptions _options = options.Value;
    readonly Roles _roles = new(catalog);

    public async Task<CheckedReply> CheckAsync(string reply, IReadOnlyList<GivenPassage> given, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (ReplyParser.SaysNotFound(reply))
            return CheckedReply.NotFound;
        var kept = new List<SupportedSentence>();
        var dropped = new List<DroppedPiece>();
        foreach (var sentence in ReplyParser.Sentences(reply, _options.MaxReplyChars))
        {
            var (supported, refused) = await CheckSentenceAsync(sentence, given, cancellationToken).ConfigureAwait(false);
            if (supported is not null)
                kept.Add(supported);
            dropped.AddRange(refused);
        }
        // A note on what the passages leave out is part of an answer, never an answer by itself.
        if (!HoldsAnAnswer(kept))
        {
            dropped.AddRange(kept.Select(k => new DroppedPiece(k.Text, "it notes what the passages do not say, and nothing they do say was kept")));
            kept.Clear();
        }
        return new CheckedReply(kept, dropped, SaysNotFound: false);
    }

    /// <summary>Something kept cites a passage: what was kept answers, rather than only noting what the passages leave out.</summary>
    public static bool HoldsAnAnswer(IReadOnlyList<SupportedSentence> kept) => kept.Any(k => k.Cited.Count > 0);

    /// <summary>One sentence of a reply: what of it may be shown (its clauses that rest on its passages), and what was dropped, with why.</summary>
    public async Task<(SupportedSentence? Kept, IReadOnlyList<DroppedPiece> Dropped)> CheckSentenceAsync(ReplySentence sentence, IReadOnlyList<GivenPassage> given, CancellationToken cancellationToken)
    {
        // "The passages don't say how many people died.": a careful model's note on what it was not given, which
        // claims nothing of the world, shown uncited. One statement only: "..., but Japan won" would slip a claim in.
        if (sentence.Cited.Count == 0 && NoteOnThePassages().IsMatch(sentence.Text) && ReplyParser.Clauses(sentence.Text).Count == 1
            && !Link().IsMatch(sentence.Text) && !Quoted().IsMatch(sentence.Text))
            return (new SupportedSentence(sentence.Text, []), []);
        if (SentenceProblem(sentence, given) is { } problem)
            return (null, [new DroppedPiece(sentence.Text, problem)]);
        var passages = given.Where(p => sentence.Cited.Contains(p.Number)).ToList();
        var windows = await WindowsAsync(passages, cancellationToken).ConfigureAwait(false);
        if (passages.Count > 1)
        {
            // A sentence citing two passages may take a date or a name from the one while resting on the other.
            HashSet<string> numbers = [.. windows.SelectMany(w => w.NumbersAround)];
            HashSet<string> words = [.. windows.SelectMany(w => w.WordsAround)];
            windows = [.. windows.Select(w => w with { NumbersAround = numbers, WordsAround = words })];
        }
        var clauses = WithoutBareFraming(ReplyParser.Clauses(sentence.Text));
        var claims = clauses.Select(Claim).ToList();
        var clauseVectors = await vectors.EmbedTextsAsync(claims, cancellationToken).ConfigureAwait(false);

        var shown = new List<string>();
        var dropped = new List<DroppedPiece>();
        for (var i = 0; i < clauses.Count; i++)
        {
            var reason = Unsupported(claims[i], clauseVectors[i], windows);
            if (reason is null && (i == 0 || shown.Count > 0))
            {
                shown.Add(clauses[i]);
                continue;
            }
            if (i == 0 && clauses.Count > 1 && reason is not null && TooLittleAlone(reason) && await StandsWholeAsync(sentence.Text, claims, clauseVectors, windows, cancellationToken).ConfigureAwait(false))
                return (new SupportedSentence(Joined([sentence.Text]), sentence.Cited), []);
            dropped.Add(new DroppedPiece(clauses[i], reason ?? "the clause it belongs to was dropped"));
            if (i == 0)
            {
                // Without its first statement a sentence's later ones lose what they are about.
                dropped.AddRange(clauses.Skip(1).Select(c => new DroppedPiece(c, "the first statement of its sentence was dropped")));
                return (null, dropped);
            }
        }
        // A sentence that stands whole is shown as the model wrote it, its commas included.
        return (new SupportedSentence(dropped.Count == 0 ? Joined([sentence.Text]) : Joined(shown), sentence.Cited), dropped);
    }

    /// <summary>A statement dropped for saying too little of its passages, not for saying something against them.</summary>
    static bool TooLittleAlone(string reason) => reason.StartsWith(NoSentenceSaysIt, StringComparison.Ordinal) || reason.StartsWith(HoldsTooFewWords, StringComparison.Ordinal);

    /// <summary>
    /// Whether a sentence whose first statement does not stand alone stands whole: "Another death came in August
    /// 2006, when a patrol ship fired on a crabbing boat and killed a fisherman" says in its second clause what its
    /// first one is about. Every later statement must still stand on its own, so that a clause appended to it is
    /// weighed as before.
    /// </summary>
    async Task<bool> StandsWholeAsync(string text, List<string> claims, float[][] clauseVectors, List<Window> windows, CancellationToken cancellationToken)
    {
        for (var i = 1; i < claims.Count; i++)
        {
            if (Unsupported(claims[i], clauseVectors[i], windows) is not null)
                return false;
        }
        var whole = Claim(text);
        var wholeVectors = await vectors.EmbedTextsAsync([whole], cancellationToken).ConfigureAwait(false);
        return Unsupported(whole, wholeVectors[0], windows) is null;
    }

    const string NoSentenceSaysIt = "no sentence of its passages says it";
    const string HoldsTooFewWords = "its sentences hold only";

    /// <summary>What makes a whole sentence unshowable before its statements are weighed: no citation, a passage not given, a link, a disclaimer.</summary>
    static string? SentenceProblem(ReplySentence sentence, IReadOnlyList<GivenPassage> given)
    {
        if (sentence.Cited.Count == 0)
            return "it cites no passage";
        foreach (var number in sentence.Cited)
        {
            if (!given.Any(p => p.Number == number))
                return $"it cites [{(number == ReplyParser.NoSuchPassage ? "a number no passage has" : number.ToString(System.Globalization.CultureInfo.InvariantCulture))}], which the model was not given";
        }
        if (Link().IsMatch(sentence.Text))
            return "it carries a link or markup, which the passages are not the place for";
        if (Disclaims().IsMatch(sentence.Text))
            return "it says the passages do not answer";
        return null;
    }

    /// <summary>"According to the sources, after the war, ..." splits before "after": framing that states nothing goes with the clause after it.</summary>
    static List<string> WithoutBareFraming(IReadOnlyList<string> clauses)
    {
        var joined = new List<string>();
        string? pending = null;
        foreach (var clause in clauses)
        {
            var text = pending is null ? clause : $"{pending}, {clause}";
            if (Words.Of(Claim(text)).Count() < 2)
            {
                pending = text;
                continue;
            }
            joined.Add(text);
            pending = null;
        }
        if (pending is not null)
        {
            if (joined.Count > 0)
                joined[^1] = $"{joined[^1]} {pending}";
            else
                joined.Add(pending);
        }
        return joined;
    }

    /// <summary>A clause's statement without the model's framing ("According to the sources, ...").</summary>
    static string Claim(string clause) => Opener().Replace(Framing().Replace(clause, ""), "").Trim();

    static string Joined(List<string> clauses)
    {
        var text = string.Join(' ', clauses).Trim().TrimEnd(',', ';', ' ');
        return text.Length > 0 && !".!?\"”’)".Contains(text[^1], StringComparison.Ordinal) ? text + "." : text;
    }

    /// <summary>Why the claim rests on no window of its passages, or null when one holds it up.</summary>
    string? Unsupported(string claim, float[] claimVector, List<Window> windows)
    {
        var ranked = windows.Select(w => (Window: w, Similarity: TensorPrimitives.Dot(claimVector, w.Vector))).OrderByDescending(w => w.Similarity).ToList();
        if (ranked.Count == 0)
            return "its passages have no sentences";
        if (ranked[0].Similarity < _options.MinSupport)
            return $"{NoSentenceSaysIt} (the nearest in meaning is {ranked[0].Similarity:F2}: \"{Shorten(ranked[0].Window.Text)}\")";
        if (OppositeOfNearestClause(claim, windows) is { } opposite)
            return opposite;
        string? firstReason = null;
        foreach (var (window, similarity) in ranked)
        {
            if (similarity < _options.MinSupport)
                break;
            var reason = Contradicts(claim, window);
            if (reason is null)
                return null;
            firstReason ??= $"{reason}, in \"{Shorten(window.Text)}\"";
        }
        return firstReason;
    }

    /// <summary>
    /// Whether the claim says the other way round what the clause of its passages nearest it in words says. The
    /// window that holds a claim up in meaning need not be the one that speaks to it: "Japan does not want more
    /// Siberian oil" finds its words in a window about oil rigs and Siberia's deposits, which denies nothing, while
    /// the sentence about wanting it says Japan wants it. On the faithfulness sets read (A, B, E, F, G, N), planted
    /// negations removed 139 to 142 of 194, faithful sentences shown unchanged (543 of 631); on the others, 230 to
    /// 232 of 300 and 888 to 887 of 1,081. The same test with opposites ("rising" against "waning") cost 7 and 16
    /// faithful sentences for 0 and 2 falsehoods, and was left out.
    /// </summary>
    static string? OppositeOfNearestClause(string claim, List<Window> windows)
    {
        var stems = SentenceCatalog.StemsOf(claim);
        var nearest = windows.SelectMany(w => w.Clauses).MaxBy(c => c.Stems.Count(stems.Contains));
        if (nearest is null)
            return null;
        return DeniedEitherWay(claim, stems, nearest) ? $"it says the opposite of the clause nearest it in words (a negation), \"{Shorten(nearest.Text)}\"" : null;
    }

    /// <summary>
    /// A negation in one and not the other, where what it denies is in the other: "never signed" against "signed",
    /// but not "not far from the islands" against a clause about a meeting.
    /// </summary>
    static bool DeniedEitherWay(string claim, StemSet claimStems, Clause clause)
    {
        var claimNegated = SentenceCatalog.IsNegated(claim);
        return claimNegated != clause.IsNegated
            && (claimNegated ? SentenceCatalog.Denied(claim).Any(clause.Stems.Contains) : SentenceCatalog.Denied(clause.Text).Any(claimStems.Contains));
    }

    /// <summary>What in the claim the window does not hold, or says the other way round; null when it holds it all.</summary>
    string? Contradicts(string claim, Window window)
    {
        var claimNumbers = NumbersIn(claim);
        foreach (var number in claimNumbers)
        {
            // A number the sentences do not give may come from their passage, unless they give another of its
            // kind that the claim leaves out: "in 1965" where they say "in 1956" is a contradiction, "in November
            // 2010" where only the passage's first sentence dates the visit is not, nor "fought from 1904 to 1905"
            // where they say it ended in 1905.
            if (!window.Numbers.Contains(number)
                && (!window.NumbersAround.Contains(number) || window.Numbers.Any(n => IsYear(n) == IsYear(number) && !claimNumbers.Contains(n))))
                return $"its sentences do not hold the number {number}";
        }
        foreach (var scale in Words.Of(claim).Where(Scales.Contains))
        {
            if (!window.Words.Contains(scale))
                return $"its sentences do not say \"{scale}\"";
        }
        // "Trans-Siberian" where the sentences write "TransSiberian": a hyphenated name is the one word it joins into.
        claim = HyphenatedName().Replace(claim, m => window.Names.Contains(Stem(string.Concat(m.Groups["first"].Value, m.Groups["second"].Value).ToLowerInvariant()))
            ? string.Concat(m.Groups["first"].Value, m.Groups["second"].Value)
            : m.Value);
        var claimNames = NamesIn(claim).ToList();
        // A capital after a preposition is the place ("talks in Moscow"), not the government ("Moscow refused").
        HashSet<string> places = [.. AfterPreposition().Matches(claim).Select(m => Stem(m.Groups["name"].Value.ToLowerInvariant()))];
        foreach (var name in claimNames)
        {
            // A month is part of a date, weighed as a year is rather than as a name: it may come from elsewhere in
            // the passage ("Some point to January 2005, when Russia handed China an island" where the sentence about
            // the island is dated in the one before), unless the sentences or the passage give another. Faithful
            // sentences shown on the faithfulness sets read 543 to 544 of 631, on the others 956 to 960 of 1,192;
            // planted falsehoods removed 1,068 to 1,067 of 1,164 (a swapped name whose faithful twin had been
            // dropped for its month as well) and 1,800 of 1,980 either way.
            if (MonthStems.Contains(name) && window.WordsAround.Contains(name) && !window.Names.Any(MonthStems.Contains)
                && window.WordsAround.Where(MonthStems.Contains).All(claimNames.Contains))
                continue;
            // A model merges what a passage says in different sentences ("In November 2010, Medvedev became the
            // first Russian leader to visit"): a name from elsewhere in the passage may join the sentences' own,
            // so long as every name they give is in the claim too. Where one of theirs is missing, a name was
            // put in its place ("Putin denounced the trip" where they say Naoto Kan did).
            var asGiven = places.Contains(name) ? (Func<string, string, bool>)Roles.SamePlace : Roles.SameName;
            if (!window.Names.Any(n => asGiven(n, name))
                && !(window.WordsAround.Any(n => asGiven(n, name)) && NamesIn(window.Text).All(given => claimNames.Any(c => Roles.SameName(c, given)))))
                return $"its sentences do not name \"{name}\"";
        }
        foreach (Match quoted in Quoted().Matches(claim))
        {
            var words = string.Join(' ', Words.Of(quoted.Groups["text"].Value));
            if (words.Split(' ').Length >= 2 && !window.Flat.Contains(words, StringComparison.Ordinal))
                return $"its sentences do not say \"{quoted.Groups["text"].Value}\" word for word";
        }

        var stems = SentenceCatalog.StemsOf(claim);
        var plain = stems.Where(s => !char.IsDigit(s[0]) && !NumberWords.ContainsKey(s) && !Scales.Contains(s)
            // A paraphrase words the same claim with its own pronouns and auxiliaries ("Russia refers to them as
            // the southern Kurils" for "known to the Russians as the southern Kurils"): those are no part of what
            // it claims, unless they carry a negation, a measure or an order in time or place.
            && (!TextAnalysis.IsFunctionStem(s) || Meaningful.Contains(s))).ToList();
        if (plain.Count >= 2)
        {
            // Rare words weigh more: "an unforgivable outrage" is the claim, "Prime Minister" only who made it.
            var total = plain.Sum(catalog.Weight);
            var held = plain.Where(s => Holds(window.Stems, s)).ToList();
            if (held.Sum(catalog.Weight) < MinWordShare * total)
                return $"{HoldsTooFewWords} {held.Count} of its {plain.Count} words ({string.Join(", ", plain.Except(held))} missing)";
        }

        // The same way round, against the clause of these sentences nearest the claim in words.
        var claimNegated = SentenceCatalog.IsNegated(claim);
        var aligned = window.Clauses.MaxBy(c => c.Stems.Count(stems.Contains));
        if (aligned is not null && DeniedEitherWay(claim, stems, aligned))
            return "it says the opposite of its sentences (a negation)";
        // What is denied may stand in another clause than the one nearest in words: "had not yet surrendered"
        // where they say "even though Japan had already surrendered" after a clause about the Russians.
        if (claimNegated && !window.Clauses.Any(c => c.IsNegated) && SentenceCatalog.Denied(claim).Any(d => window.Clauses.Any(c => c.Stems.Contains(d))))
            return "it says the opposite of its sentences (a negation, against another of their clauses)";
        // "He is unlikely to shift his diplomacy" where they give a strong possibility that he will shift it.
        if (Unlikely().Match(claim) is { Success: true } hedge && !Unlikely().IsMatch(window.Text)
            && Words.Of(claim[(hedge.Index + hedge.Length)..]).Take(4).Select(w => TextAnalysis.StemOf(w)).OfType<string>().Take(2).Any(window.Stems.Contains))
            return "it says unlikely what its sentences do not";
        if (!claimNegated && window.Clauses.Any(c => c.IsNegated && SentenceCatalog.Denied(c.Text).Any(stems.Contains)))
            return "it says the opposite of its sentences (they deny it in another clause)";
        foreach (var stem in stems)
        {
            // Particles ("turn down", "beef up") carry a phrasal verb's sense, not a claim that is up or down; a
            // word of too many senses (go, come) carries no one sense to be the opposite of; and "ever" against
            // "never" is a negation, which the lines above weigh.
            if (Particles.Contains(stem) || window.Stems.Contains(stem) || catalog.IsVague(stem))
                continue;
            if (Opposites.Value.TryGetValue(stem, out var opposites) && opposites.Any(o => !catalog.IsVague(o) && !SentenceCatalog.IsNegated(o) && window.Stems.Contains(o)))
                return $"it says the opposite of its sentences (\"{stem}\")";
        }
        if (!NearMiss().IsMatch(claim))
        {
            // A near miss is not the event: "intruded into Japan's airspace" where they say "went very close to intruding".
            foreach (Match near in NearMiss().Matches(window.Text))
            {
                var missed = Words.Of(window.Text[(near.Index + near.Length)..]).Take(2).Select(w => TextAnalysis.StemOf(w)).OfType<string>();
                if (missed.FirstOrDefault(stems.Contains) is { } happened)
                    return $"it says \"{happened}\" happened where its sentences say it nearly did";
            }
        }
        if (_roles.Swapped(claim, window.Text) is { } swapped)
            return swapped;
        if (Substituted(claim, window.Text) is { } substituted)
            return substituted;
        if (OtherOfItsKind(claim, window.Text) is { } other)
            return other;
        if ((stems.Any(ForStance.Contains) && window.Stems.Any(AgainstStance.Contains) && !window.Stems.Any(ForStance.Contains))
            || (stems.Any(AgainstStance.Contains) && window.Stems.Any(ForStance.Contains) && !window.Stems.Any(AgainstStance.Contains)))
            return "it gives the opposite stance to its sentences'";
        return null;
    }

    /// <summary>
    /// A name of many words put for another of its kind: "the Russo-Japanese War" where the sentence says "World War
    /// II", "the Treaty of Portsmouth" where it says "the Treaty of San Francisco". Each word of the name may be
    /// elsewhere in the passage (a page about the Russo-Japanese War names it in its heading), so the name is
    /// matched whole: where the sentence names another of the same kind (the same last word) and not this one,
    /// the claim speaks of something else.
    /// </summary>
    static string? OtherOfItsKind(string claim, string windowText)
    {
        foreach (Match named in LongName().Matches(claim))
        {
            if (windowText.Contains(named.Value, StringComparison.OrdinalIgnoreCase))
                continue;
            var words = NameWords(named.Value);
            foreach (Match other in LongName().Matches(windowText))
            {
                // "World War II" against "the Russo-Japanese War": the same kind of thing, and nothing else in common.
                var its = NameWords(other.Value);
                if (its.Count > 1 && words.Count > 1 && its[^1] == words[^1] && its.Count(words.Contains) == 1 && !IsWhen(words[^1]))
                    return $"it names \"{named.Value}\" where its sentences name \"{other.Value}\"";
            }
        }
        return null;
    }

    /// <summary>A name's words, lowercased, its Roman numeral left out, so that the last is what kind of thing it names.</summary>
    static List<string> NameWords(string name) =>
        [.. name.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries).Where(w => !RomanNumeral().IsMatch(w) && w != "of" && w != "the").Select(w => w.ToLowerInvariant())];

    /// <summary>"In May" and "Around May" are one month, however the sentence opens.</summary>
    static bool IsWhen(string word) => MonthsAndDays.Contains(word);

    /// <summary>The months as a claim's names are stemmed ("novemb"), written capitalised as names are.</summary>
    static readonly FrozenSet<string> MonthStems = System.Globalization.CultureInfo.InvariantCulture.DateTimeFormat.MonthNames
        .Where(m => m.Length > 0).Select(m => TextAnalysis.StemOf(m.ToLowerInvariant())).OfType<string>().ToFrozenSet(StringComparer.Ordinal);

    static readonly FrozenSet<string> MonthsAndDays = System.Globalization.CultureInfo.InvariantCulture.DateTimeFormat.MonthNames
        .Concat(System.Globalization.CultureInfo.InvariantCulture.DateTimeFormat.DayNames)
        .Where(name => name.Length > 0).Select(name => name.ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal);

    [GeneratedRegex(@"^[IVX]+$")]
    private static partial Regex RomanNumeral();

    /// <summary>A name of two words or more, each capitalised (or a Roman numeral), joined by spaces, hyphens or "of": "World War II", "Treaty of Portsmouth", "Russo-Japanese War".</summary>
    [GeneratedRegex(@"\b\p{Lu}\p{L}+(?:(?:[ -]|\s+of\s+(?:the\s+)?)(?:\p{Lu}\p{L}+|[IVX]+\b))+")]
    private static partial Regex LongName();

    /// <summary>
    /// A word put in the place of its sentence's word, with the words on either side as they are: "Japan lost its
    /// Sakhalin territory" where they say "Japan reclaimed its Sakhalin territory", "continued the humanitarian aid"
    /// where it was halted. A model that rewords rewrites a phrase; one word swapped between words kept is a claim
    /// changed where the two words stand at opposite ends of one scale (see <see cref="Poles"/>). Any other swap may
    /// be rewording ("toured" for "visited", "troops" for "personnel"): held to the other checks, not this one.
    /// </summary>
    string? Substituted(string claim, string windowText)
    {
        var said = ContentStems(claim);
        var source = ContentStems(windowText);
        var sourceSet = source.ToHashSet(StringComparer.Ordinal);
        var saidSet = said.ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < said.Count; i++)
        {
            var word = said[i];
            if (sourceSet.Contains(word) || char.IsDigit(word[0]) || catalog.IsName(word))
                continue;
            for (var j = 0; j < source.Count; j++)
            {
                var other = source[j];
                if (saidSet.Contains(other) || char.IsDigit(other[0]) || catalog.IsName(other))
                    continue;
                bool At(int a, int b) => a >= 0 && b >= 0 && a < said.Count && b < source.Count && said[a] == source[b];
                var between = (At(i - 1, j - 1) && At(i + 1, j + 1)) || (At(i + 1, j + 1) && At(i + 2, j + 2)) || (At(i - 1, j - 1) && At(i - 2, j - 2));
                if (!between || !OnOppositePoles(word, other))
                    continue;
                return $"it says the opposite of its sentences (\"{word}\" where they say \"{other}\")";
            }
        }
        return null;
    }

    /// <summary>
    /// English words that stand at opposite ends of one scale (more and less, start and stop, win and lose, often and
    /// rarely, cooperate and clash), each with its scales and the end it stands at: swapped for each other, a claim
    /// turns round. WordNet's opposites are mostly adjectives: "lost" against "reclaimed" is none of them.
    /// </summary>
    static readonly Lazy<FrozenDictionary<string, (int Scale, int End)[]>> Poles = new(() =>
        Tables.Read("Bot.Answers.Model.poles.txt")
            .Select(row => string.Join(' ', row).Split('|'))
            .SelectMany((sides, scale) => sides.Length != 2 ? [] : sides.SelectMany((side, end) =>
                side.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word => (Stem: Stem(word), Scale: scale, End: end))))
            .GroupBy(p => p.Stem, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(p => (p.Scale, p.End)).Distinct().ToArray(), StringComparer.Ordinal));

    static bool OnOppositePoles(string a, string b) =>
        Poles.Value.TryGetValue(a, out var these) && Poles.Value.TryGetValue(b, out var those)
        && these.Any(x => those.Any(y => x.Scale == y.Scale && x.End != y.End));

    static List<string> ContentStems(string text) =>
        [.. Words.Of(text).Select(w => TextAnalysis.StemOf(w)).OfType<string>().Where(s => !TextAnalysis.IsFunctionStem(s) || Meaningful.Contains(s))];

    [GeneratedRegex(@"\b(close to|almost|nearly|on the verge of|tried to|attempted to|failed to)\s", RegexOptions.IgnoreCase)]
    private static partial Regex NearMiss();

    [GeneratedRegex(@"\b(in|to|from|at|near|into|on|of|with|between|over|against|across|around|through|outside|inside|via|toward|towards)\s+(the\s+)?(?<name>\p{Lu}\p{L}+)")]
    private static partial Regex AfterPreposition();

    [GeneratedRegex(@"\b(unlikely|improbable|doubtful|little chance|no chance|impossible)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Unlikely();

    bool Holds(StemSet windowStems, string stem) =>
        windowStems.Contains(stem)
        // "going to Japan" where they say "turned over to the Japanese".
        || (catalog.IsName(stem) && windowStems.Any(e => Roles.SameName(e, stem)))
        || catalog.SynonymsOf(stem).Any(windowStems.Contains)
        // Derivations that stemming leaves apart ("historic", "history") share their first letters.
        || (stem.Length >= PrefixLength && windowStems.Any(e => e.StartsWith(stem[..PrefixLength], StringComparison.Ordinal)));

    /// <summary>
    /// The claim's names: capitalised words after its first, and a first word the corpus writes as a name or
    /// that is no English word; "I" and the words that open a quotation aside.
    /// </summary>
    IEnumerable<string> NamesIn(string claim)
    {
        foreach (Match match in Name().Matches(claim))
        {
            var lower = match.Value.ToLowerInvariant();
            if (match.Value == "I" || TextAnalysis.StemOf(lower) is not { } stem)
                continue;
            var opensSomething = match.Index == 0 || claim[..match.Index].TrimEnd().EndsWith('"') || claim[..match.Index].TrimEnd().EndsWith('“');
            if (!_roles.IsName(stem, opensSomething))
                continue;
            yield return stem;
        }
    }

    /// <summary>Numbers as values: "1,000" and "1000" are one, and so are "four" and "4"; "the two countries" names no number (it is how a writer says "Japan and Russia"), but "the three countries" does.</summary>
    static bool IsYear(string number) => number.Length == 4 && number[0] is '1' or '2' && number.All(char.IsDigit);

    static HashSet<string> NumbersIn(string text)
    {
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in Number().Matches(text))
            numbers.Add(match.Value.Replace(",", "", StringComparison.Ordinal));
        var words = Words.Of(text).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            if (NumberWords.TryGetValue(words[i], out var digits) && !(i > 0 && words[i - 1] is "the" or "both" or "these" or "those" or "each" && digits == "2"))
                numbers.Add(digits);
        }
        return numbers;
    }

    /// <summary>What a claim may rest on: each sentence of its passages alone, and each with the one before it.</summary>
    /// <param name="NumbersAround">The numbers of the whole passage and its heading: a date the passage gives once ("In November 2010, ...") dates its later sentences too.</param>
    sealed record Window(string Text, float[] Vector, StemSet Stems, HashSet<string> Numbers, HashSet<string> Words, HashSet<string> Names, string Flat, IReadOnlyList<Clause> Clauses)
    {
        public HashSet<string> NumbersAround { get; init; } = [];

        /// <summary>The words of the whole passage and its heading, for a name the claim brings from elsewhere in it.</summary>
        public HashSet<string> WordsAround { get; init; } = [];
    }

    async Task<List<Window>> WindowsAsync(List<GivenPassage> passages, CancellationToken cancellationToken)
    {
        var windows = new List<Window>();
        foreach (var passage in passages)
        {
            var sentences = passage.Sentences;
            var stored = index.SentenceVectors(passage.Passage.Id);
            float[][] alone, inContext;
            if (stored.Count == sentences.Count && stored.Count > 0)
            {
                (alone, inContext) = ([.. stored.Alone], [.. stored.InContext]);
            }
            else
            {
                // A passage the index does not hold as given: its sentences are embedded as the index would.
                alone = await vectors.EmbedTextsAsync([.. sentences.Select(s => s.Text)], cancellationToken).ConfigureAwait(false);
                inContext = await vectors.EmbedTextsAsync([.. sentences.Select((s, i) => i > 0 ? $"{sentences[i - 1].Text} {s.Text}" : s.Text)], cancellationToken).ConfigureAwait(false);
            }
            var heading = $"{passage.DocumentTitle} {passage.Passage.Heading}";
            var whole = $"{heading} {string.Join(' ', sentences.Select(s => s.Text))}";
            var around = NumbersIn(whole);
            HashSet<string> wordsAround = [.. Words.Of(whole).Select(Stem)];
            for (var i = 0; i < sentences.Count; i++)
            {
                windows.Add(WindowOf([sentences[i]], alone[i], heading) with { NumbersAround = around, WordsAround = wordsAround });
                if (i > 0)
                    windows.Add(WindowOf([sentences[i - 1], sentences[i]], inContext[i], heading) with { NumbersAround = around, WordsAround = wordsAround });
            }
        }
        return windows;
    }

    static Window WindowOf(IReadOnlyList<SentenceFacts> sentences, float[] vector, string heading)
    {
        var text = string.Join(' ', sentences.Select(s => s.Text));
        var words = Words.Of(text).ToHashSet(StringComparer.Ordinal);
        return new Window(
            text,
            vector,
            StemSet.Of(sentences.SelectMany(s => s.Stems)),
            NumbersIn(text),
            words,
            [.. Words.Of($"{text} {heading}").Select(w => TextAnalysis.StemOf(w) ?? w)],
            string.Join(' ', Words.Of(text)),
            [.. sentences.SelectMany(s => s.Clauses)]);
    }

    static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";

    static string Stem(string word) => TextAnalysis.StemOf(word) ?? word;

    static FrozenDictionary<string, string[]> ReadOpposites() =>
        Tables.Read("Bot.Answers.Model.antonyms.txt").Where(r => r.Length == 2).GroupBy(r => r[0]).ToFrozenDictionary(g => g.Key, g => g.Select(r => r[1]).ToArray(), StringComparer.Ordinal);

    [GeneratedRegex(@"https?://|www\.|\]\(|<\s*/?\s*[a-zA-Z][^>]*>|!\[", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Link();

    [GeneratedRegex(@"\b(passages?|sources?|texts?|documents?)\s+(do|does)\s+not\s+(say|mention|state|answer|contain|specify|provide|give)|\bI\s+(do\s+not|don't|cannot|can't)\s+(know|find|tell|answer)", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Disclaims();

    /// <summary>
    /// How a chatty or careful model opens a sentence without claiming anything ("Great question —", "Sure,", "It
    /// seems", "It's hard to say for sure, but"): shown as written, but no part of what is checked. A yes or no is
    /// not among them.
    /// </summary>
    [GeneratedRegex(@"^\s*((great|good|excellent|interesting|fair) question|sure thing|sure|certainly|absolutely|of course|oh|well|okay|ok|in short|short answer|long story short|sort of|kind of|it['’]?s (hard|difficult|tricky) to say( for sure)?(,? but)?|it (seems|appears)( that)?|apparently|reportedly|interestingly|notably|basically|essentially)\b[\s—–:,.!-]*", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Opener();

    /// <summary>A sentence that says only what the passages leave out: "The passages don't say who built the church."</summary>
    [GeneratedRegex(@"^(the |these |my )?(provided |given )?(passages?|sources?|texts?|documents?|articles?|excerpts?)( provided| given| here)?\s+(do not|don't|don’t|does not|doesn't|doesn’t|never)\s+(say|mention|specify|state|cover|give|tell|explain|indicate|address|describe|detail|discuss|report|spell out|go into|make clear)\b[^;:]*[.!]?$", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex NoteOnThePassages();

    /// <summary>The model's word on where it read something ("According to one passage,", "Another source notes that", "the sources say"), wherever it stands: the claim is the rest.</summary>
    [GeneratedRegex(@"\b(according to (the |my |one |another |both |a )?(sources?|passages?|texts?|articles?|reports?)|(the |one |another |both |these |a )?(of the )?(sources?|passages?|texts?|articles?) (also )?(say|says|said|state|states|note|notes|noted|report|reports|explain|explains|mention|mentions|add|adds|record|records|describe|describes)( that)?)\s*,?\s*", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex Framing();

    [GeneratedRegex(@"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?", RegexOptions.NonBacktracking)]
    private static partial Regex Number();

    [GeneratedRegex(@"\b\p{Lu}[\p{L}]+")]
    private static partial Regex Name();

    [GeneratedRegex(@"\b(?<first>\p{Lu}\p{L}+)-(?<second>\p{Lu}\p{L}+)")]
    private static partial Regex HyphenatedName();

    [GeneratedRegex("[\"“”](?<text>[^\"“”]{3,400})[\"“”]")]
    private static partial Regex Quoted();
}

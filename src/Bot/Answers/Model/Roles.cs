using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Bot.Index;

namespace Bot.Answers.Model;

/// <summary>
/// Who does what, and where, in a model's statement against the sentences it rests on: the name right before a
/// word (its doer), owning it ("Ukraine's territorial integrity") or after it and a preposition ("a plant in
/// Vladivostok"). A name put in another's place keeps every word of the passage and its names, so only these
/// positions tell the swap from the truth. English word order, nothing of one corpus.
/// </summary>
public sealed partial class Roles(SentenceCatalog catalog)
{
    /// <summary>
    /// Who does what: where the claim and its sentences use the same word with a name right before it (its doer:
    /// "Japan dropped the rule", "the Soviet Union offered"), and every doer its sentences give that word is
    /// another, the claim has put one name in another's place, though both are in the passage.
    /// </summary>
    public string? Swapped(string claim, string source)
    {
        var claimTokens = Tokens(claim);
        var sourceTokens = Tokens(source);
        for (var i = 0; i < claimTokens.Count; i++)
        {
            var token = claimTokens[i];
            if (token.IsName || token.Stem is not { Length: >= 3 } stem || char.IsDigit(stem[0]))
                continue;
            if (OwnerOf(claimTokens, i) is { } owner)
            {
                // "Russia's territorial integrity" where they say Ukraine's.
                var owners = Enumerable.Range(0, sourceTokens.Count).Where(j => sourceTokens[j].Stem == stem && !sourceTokens[j].IsName).Select(j => OwnerOf(sourceTokens, j)).ToList();
                if (owners.Count > 0 && owners.All(o => o is not null) && !owners.Any(o => SameName(o!, owner)))
                    return $"it gives \"{token.Text}\" to {owner} where its sentences give it to {owners[0]}";
            }
            if (i + 1 < claimTokens.Count && Prepositions.Contains(claimTokens[i + 1].Text) && NamesAfter(claimTokens, i + 1) is { Count: > 0 } where)
            {
                // "an LNG plant in Sakhalin" where they build it in Vladivostok.
                // Every phrase of that preposition after the word counts: "arrived in April" where they say "arrived in Japan in April".
                var theirPlaces = Enumerable.Range(0, sourceTokens.Count - 1)
                    .Where(j => sourceTokens[j].Stem == stem && !sourceTokens[j].IsName && sourceTokens[j + 1].Text == claimTokens[i + 1].Text)
                    .Select(j => PhrasesAfter(sourceTokens, j, claimTokens[i + 1].Text)).ToList();
                if (theirPlaces.Count > 0 && theirPlaces.All(t => t.Count > 0) && !theirPlaces.Any(t => t.Any(n => where.Any(w => SameName(w, n)))))
                    return $"it puts \"{token.Text} {claimTokens[i + 1].Text}\" with {string.Join(" and ", where)} where its sentences put it with {string.Join(" and ", theirPlaces[0])}";
            }
            // "Never" and "might" say how a thing is done, not what: "Japan and Russia never signed" and "a treaty was
            // never signed" have one signing. An auxiliary stays, for it tells who, active or passive, the claim is about.
            if (token.Text is "never" or "not" or "might" or "may" or "must" or "should" or "can")
                continue;
            var doers = DoersOf(claimTokens, i);
            if (doers.Count == 0)
                continue;
            var theirs = new List<List<string>>();
            var alike = new List<List<string>>();
            var synonyms = catalog.SynonymsOf(stem);
            for (var j = 0; j < sourceTokens.Count; j++)
            {
                if (sourceTokens[j].IsName || sourceTokens[j].Stem is not { } other)
                    continue;
                if (other == stem)
                    theirs.Add(DoersOf(sourceTokens, j));
                else if (synonyms.Contains(other))
                    alike.Add(DoersOf(sourceTokens, j));
            }
            // "Japan worried about ..." where they say Japan was concerned, and the Soviet Union worried: the same doing, in other words.
            bool IsTheirs(List<string> names) => names.Any(n => doers.Any(d => SameName(d, n)));
            if (theirs.Count > 0 && theirs.All(t => t.Count > 0) && !theirs.Any(IsTheirs) && !alike.Any(IsTheirs))
                return $"it gives \"{token.Text}\" to {string.Join(" and ", doers)} where its sentences give it to {string.Join(" and ", theirs[0])}";
        }
        return null;
    }

    /// <summary>The names right before a word, joined by "and" or commas, with at most three adverbs or auxiliaries between ("Japan has since dropped"); none when the word's doer follows it ("dropped by Japan").</summary>
    static List<string> DoersOf(List<Token> tokens, int at)
    {
        var names = new List<string>();
        if (at + 1 < tokens.Count && tokens[at + 1].Text is "by")
            return names;
        var j = at - 1;
        var skipped = 0;
        while (j >= 0 && skipped < 3 && !tokens[j].IsName && IsAuxiliaryOrAdverb(tokens[j].Text))
        {
            j--;
            skipped++;
        }
        while (j >= 0 && (tokens[j].IsName || (names.Count > 0 && tokens[j].Text is "and" or "," && j > 0 && tokens[j - 1].IsName)))
        {
            if (tokens[j].IsName && tokens[j].Stem is { } name)
                names.Add(name);
            j--;
        }
        return names;
    }

    static readonly FrozenSet<string> Prepositions = FrozenSet.Create(StringComparer.Ordinal, ["in", "to", "from", "of", "off", "at", "near", "on", "into", "with"]);

    /// <summary>The names right after a preposition ("in Vladivostok", "to the Soviet Union"), joined by "and" or commas.</summary>
    static List<string> NamesAfter(List<Token> tokens, int preposition)
    {
        var names = new List<string>();
        var j = preposition + 1;
        if (j < tokens.Count && tokens[j].Text is "the")
            j++;
        while (j < tokens.Count && (tokens[j].IsName || (names.Count > 0 && tokens[j].Text is "and" or "," && j + 1 < tokens.Count && tokens[j + 1].IsName)))
        {
            if (tokens[j].IsName && tokens[j].Stem is { } name)
                names.Add(name);
            j++;
        }
        return names;
    }

    /// <summary>The names after each use of the preposition that follows the word, up to where its clause ends ("arrived in Japan in April 2009": Japan, April).</summary>
    static List<string> PhrasesAfter(List<Token> tokens, int word, string preposition)
    {
        var names = new List<string>();
        for (var j = word + 1; j < tokens.Count && tokens[j].Text is not ("." or ";" or ":" or "," or "—" or "–"); j++)
        {
            if (tokens[j].Text == preposition)
                names.AddRange(NamesAfter(tokens, j));
        }
        return names;
    }

    /// <summary>The name whose word this is ("Ukraine's territorial integrity", "Japan's alliance"), if it is written so.</summary>
    static string? OwnerOf(List<Token> tokens, int at)
    {
        var j = at - 1;
        if (j >= 0 && !tokens[j].IsName && tokens[j].Text is not "s" && j - 2 >= 0 && tokens[j - 1].Text is "s")
            j--;
        return j >= 1 && tokens[j].Text is "s" && tokens[j - 1].IsName ? tokens[j - 1].Stem : null;
    }

    static bool IsAuxiliaryOrAdverb(string word) =>
        word.Length > 4 && word.EndsWith("ly", StringComparison.Ordinal)
        || word is "has" or "have" or "had" or "is" or "are" or "was" or "were" or "be" or "been" or "being" or "will" or "would" or "could" or "might" or "may" or "must" or "should" or "can" or "did" or "does" or "do" or "also" or "then" or "later" or "still" or "again" or "since" or "soon" or "once" or "first" or "never" or "not" or "already";

    sealed record Token(string Text, string? Stem, bool IsName);

    List<Token> Tokens(string text)
    {
        var tokens = new List<Token>();
        var sentenceStart = true;
        foreach (Match match in TokenPattern().Matches(text))
        {
            var value = match.Value;
            if (value.Length == 1 && !char.IsLetterOrDigit(value[0]))
            {
                tokens.Add(new Token(value, null, false));
                sentenceStart = value is ".";
                continue;
            }
            var lower = value.ToLowerInvariant();
            var stem = TextAnalysis.StemOf(lower);
            var capitalised = char.IsUpper(value[0]);
            var isName = capitalised && stem is not null && IsName(stem, sentenceStart);
            tokens.Add(new Token(lower, stem, isName));
            sentenceStart = false;
        }
        return tokens;
    }

    /// <summary>
    /// Whether a capitalised word is a name: anywhere but where a sentence (or a quotation) opens, and there only
    /// when the corpus writes it as one or it is no English word the corpus or the language knows ("Much later", "Its").
    /// </summary>
    public bool IsName(string stem, bool opensSentence) =>
        !opensSentence || catalog.IsName(stem) || !(catalog.IsEnglish(stem) || catalog.Knows(stem) || TextAnalysis.IsFunctionStem(stem));

    /// <summary>Two stems name one thing: a name and its adjective or people ("Japan", "Japanese"), or a capital and its country where a writer means the government ("Tokyo refused" for "Japan refused").</summary>
    public static bool SameName(string a, string b) =>
        SamePlace(a, b)
        || (Capitals.Value.TryGetValue(a, out var ofA) && ofA.Any(c => NameForms.Same(c, b)))
        || (Capitals.Value.TryGetValue(b, out var ofB) && ofB.Any(c => NameForms.Same(c, a)));

    /// <summary>Two stems name one place: a name and its adjective, or one name misspelt; a capital here is the city, not its country ("talks in Moscow").</summary>
    public static bool SamePlace(string a, string b) => NameForms.Same(a, b) || Misspelt(a, b);

    /// <summary>
    /// One name spelt two ways by a slip of one letter, dropped, added, changed or two swapped ("Karelai" for
    /// "Karelia", "Kunashira" for "Kunashiri"): scraped pages misspell names, and a model writes them right.
    /// Only names of seven letters or more: shorter ones differ by one letter and are others ("Kan", "Kim").
    /// </summary>
    static bool Misspelt(string a, string b)
    {
        if (a.Length < 7 || b.Length < 7 || Math.Abs(a.Length - b.Length) > 1 || a[0] != b[0])
            return false;
        var (i, j) = (0, 0);
        while (i < a.Length && j < b.Length && a[i] == b[j])
            (i, j) = (i + 1, j + 1);
        var (restA, restB) = (a[i..], b[j..]);
        if (restA.Length == 0 || restB.Length == 0)
            return true;
        return restA[1..] == restB[1..]                                         // one letter changed
            || restA[1..] == restB || restA == restB[1..]                      // one dropped or added
            || (restA.Length >= 2 && restB.Length >= 2 && restA[0] == restB[1] && restA[1] == restB[0] && restA[2..] == restB[2..]); // two swapped
    }

    static Lazy<FrozenDictionary<string, string[]>> Capitals => Tables.Capitals;

    [GeneratedRegex(@"[\p{L}\p{Nd}]+|[,;:.()—–]")]
    private static partial Regex TokenPattern();
}

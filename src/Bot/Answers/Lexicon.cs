using System.Collections.Frozen;
using Bot.Index;

namespace Bot.Answers;

/// <summary>A word that may stand for another; <see cref="Strength"/> is how much finding it counts for (1 would be the word itself).</summary>
public readonly record struct Synonym(string Stem, double Strength);

/// <summary>
/// General English knowledge the extractive reader needs: words that carry no topic, irregular verb forms
/// that stemming cannot join, and a small thesaurus of words questions use for what texts say otherwise
/// ("won" for "emerged victorious"). Nothing here is about this corpus's subject.
/// </summary>
public static class Lexicon
{
    public static readonly FrozenSet<string> StopWords = FrozenSet.Create(StringComparer.Ordinal,
    [
        "a", "an", "the", "and", "or", "but", "if", "then", "so", "of", "to", "in", "on", "at", "by", "for", "with",
        "from", "into", "onto", "over", "under", "about", "as", "than", "that", "this", "these", "those", "there",
        "here", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "doing", "done", "have",
        "has", "had", "having", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "it",
        "its", "he", "him", "his", "she", "her", "hers", "they", "them", "their", "theirs", "we", "us", "our", "you",
        "your", "i", "me", "my", "mine", "who", "whom", "whose", "what", "which", "when", "where", "why", "how",
        "whether", "s", "t", "d", "ll", "re", "ve", "m", "not", "no", "yes", "any", "some", "all", "each", "every",
        "also", "just", "very", "really", "ever", "even", "please", "tell", "explain", "describe", "know",
        "let", "say", "said", "does", "get", "got", "give", "me", "ok", "okay", "thanks", "thank", "hi", "hello",
        "up", "out", "off", "own", "such", "same", "other", "another", "both", "either", "neither", "only", "too",
        "now", "again", "once", "way", "thing", "things", "something", "anything", "much", "many", "more", "most",
        "one", "ones", "lot", "kind", "sort", "type", "happen", "happened", "happens", "like", "mean", "means",
        "meant", "exactly", "actually", "currently", "today", "anyway", "else", "then", "well", "after", "before",
    ]);

    /// <summary>Content words so general that matching them says little about whether a passage answers.</summary>
    public static readonly FrozenSet<string> LightWords = FrozenSet.Create(StringComparer.Ordinal,
    [
        "take", "took", "taken", "make", "made", "come", "came", "go", "went", "gone", "going", "part", "place",
        "use", "used", "call", "called", "become", "became", "back", "first", "last", "new", "old", "big",
        "large", "long", "time", "times", "year", "years", "day", "days", "people", "country", "countries",
    ]);

    /// <summary>Irregular forms mapped to the form stemming joins with the rest of the word's family.</summary>
    public static readonly FrozenDictionary<string, string> Lemmas = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["won"] = "win", ["fought"] = "fight", ["began"] = "begin", ["begun"] = "begin", ["went"] = "go",
        ["gone"] = "go", ["gave"] = "give", ["given"] = "give", ["took"] = "take", ["taken"] = "take",
        ["made"] = "make", ["came"] = "come", ["became"] = "become", ["told"] = "tell", ["sold"] = "sell",
        ["bought"] = "buy", ["met"] = "meet", ["left"] = "leave", ["held"] = "hold", ["sent"] = "send",
        ["built"] = "build", ["rebuilt"] = "rebuild", ["lost"] = "lose", ["led"] = "lead", ["brought"] = "bring",
        ["fell"] = "fall", ["fallen"] = "fall", ["ran"] = "run", ["saw"] = "see", ["seen"] = "see", ["knew"] = "know",
        ["known"] = "know", ["wrote"] = "write", ["written"] = "write", ["spoke"] = "speak", ["spoken"] = "speak",
        ["struck"] = "strike", ["shot"] = "shoot", ["thought"] = "think", ["found"] = "find", ["paid"] = "pay",
        ["kept"] = "keep", ["meant"] = "mean", ["stood"] = "stand", ["understood"] = "understand", ["broke"] = "break",
        ["broken"] = "break", ["chose"] = "choose", ["chosen"] = "choose", ["drove"] = "drive", ["flew"] = "fly",
        ["flown"] = "fly", ["grew"] = "grow", ["grown"] = "grow", ["rose"] = "rise", ["risen"] = "rise",
        ["signed"] = "sign", ["men"] = "man", ["women"] = "woman", ["children"] = "child", ["lives"] = "life",
        ["said"] = "say", ["says"] = "say", ["did"] = "do", ["done"] = "do", ["was"] = "be", ["were"] = "be",
        ["japanese"] = "japan", ["russian"] = "russia", ["russians"] = "russia", ["soviets"] = "soviet",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Words for the same thing: a text saying "victorious" answers "who won" nearly as well as "won".</summary>
    static readonly string[][] CloseSynonyms =
    [
        ["win", "victor", "victori", "victory", "victorious", "triumph"],
        ["lose", "loser", "defeated"],
        ["island", "islet", "islands", "islets"],
        ["kill", "death", "dead", "die", "fatality", "killing"],
        ["seize", "capture", "occupy", "occupied"],
        ["deport", "expel", "expelled"],
        ["soldier", "troop", "troops", "personnel"],
        ["ship", "vessel", "boat"],
        ["still", "remain", "remains"],
        ["position", "stance", "reaction", "react", "attitude", "response", "respond"],
        ["length", "long", "km", "kilometer", "kilometre", "mile", "distance"],
        ["return", "again", "second", "revisit"],
        ["rebuild", "reconstruct", "restore"],
        ["share", "percent", "percentage", "proportion", "cent"],
        ["gas", "lng"],
    ];

    /// <summary>Words that often stand for each other but not always: they help find a passage, and count for half.</summary>
    static readonly string[][] LooseSynonyms =
    [
        ["win", "defeat", "beat"],
        ["war", "fight", "conflict", "battle", "hostility", "hostilities"],
        ["end", "conclude", "finish", "over"],
        ["start", "begin", "outbreak", "spark", "sparked", "cause"],
        ["treaty", "agreement", "accord", "pact"],
        ["visit", "trip", "travel", "go", "went", "arrive"],
        ["return", "back"],
        ["people", "population", "inhabitant", "resident", "home"],
        ["live", "inhabit", "home", "resident"],
        ["reason", "because", "cause", "due"],
        ["rebuild", "build"],
        ["leader", "president", "minister", "premier", "head"],
        ["country", "nation", "state"],
        ["import", "imports", "supply", "supplied", "provide", "provided"],
        ["amount", "quantity", "total"],
        ["claim", "sovereignty", "own", "belong"],
        ["dispute", "disagreement", "contention", "quarrel", "row"],
        ["relation", "relationship", "ties", "tie"],
        ["problem", "issue", "trouble", "difficulty", "shortage", "suffer"],
        ["help", "aid", "assist", "assistance", "support", "supplies"],
        ["bring", "deliver", "ship", "supply", "supplies"],
        ["size", "area", "big", "large"],
        ["hold", "reserve", "reserves", "contain"],
        ["say", "state", "declare", "tell", "call"],
        ["view", "opinion", "position"],
        ["promise", "offer", "pledge", "vow", "propose"],
        ["buy", "purchase", "get", "receive", "import", "imports"],
    ];

    const double CloseStrength = 0.85;
    internal const double LooseStrength = 0.5;

    static readonly FrozenDictionary<string, Synonym[]> SynonymsByStem = BuildSynonyms();

    /// <summary>The stem a word is matched by: irregular forms joined to their family, then Porter-stemmed as the index does.</summary>
    public static string StemOf(string word) => PorterStemmer.Stem(Lemmas.GetValueOrDefault(word, word));

    public static IReadOnlyList<Synonym> SynonymsOf(string stem) => SynonymsByStem.GetValueOrDefault(stem, []);

    /// <summary>The words to send to the index for a stem's synonyms, so that the index finds passages that use them.</summary>
    public static IReadOnlyList<string> SynonymWords(string stem) => SynonymWordsByStem.GetValueOrDefault(stem, []);

    static readonly FrozenDictionary<string, string[]> SynonymWordsByStem = BuildSynonymWords();

    static IEnumerable<(string[] Group, double Strength)> AllGroups() =>
        CloseSynonyms.Select(g => (g, CloseStrength)).Concat(LooseSynonyms.Select(g => (g, LooseStrength)));

    static FrozenDictionary<string, Synonym[]> BuildSynonyms()
    {
        var map = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (var (group, strength) in AllGroups())
        {
            var stems = group.Select(StemOf).Distinct().ToArray();
            foreach (var stem in stems)
            {
                if (!map.TryGetValue(stem, out var synonyms))
                    map[stem] = synonyms = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var other in stems)
                {
                    if (other != stem)
                        synonyms[other] = Math.Max(strength, synonyms.GetValueOrDefault(other));
                }
            }
        }
        return map.ToFrozenDictionary(
            p => p.Key,
            p => p.Value.Select(s => new Synonym(s.Key, s.Value)).OrderByDescending(s => s.Strength).ToArray(),
            StringComparer.Ordinal);
    }

    static FrozenDictionary<string, string[]> BuildSynonymWords()
    {
        var map = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (group, _) in AllGroups())
        {
            foreach (var word in group)
            {
                var stem = StemOf(word);
                foreach (var other in group)
                {
                    if (StemOf(other) == stem)
                        continue;
                    if (!map.TryGetValue(stem, out var set))
                        map[stem] = set = new HashSet<string>(StringComparer.Ordinal);
                    set.Add(other);
                }
            }
        }
        return map.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }
}

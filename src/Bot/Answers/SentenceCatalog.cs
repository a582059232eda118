using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Bot.Corpus;
using Bot.Index;

namespace Bot.Answers;

/// <summary>What the reader needs to know of one sentence, worked out once at start-up rather than per question.</summary>
public sealed class SentenceFacts
{
    public required Passage Passage { get; init; }
    public required int Index { get; init; }
    public required string Text { get; init; }
    public required FrozenSet<string> Stems { get; init; }
    public required FrozenSet<string> Prefixes { get; init; }

    /// <summary>The stems of the words outside names: "war" in "they remain at war", not in "the Cold War".</summary>
    public required FrozenSet<string> CommonStems { get; init; }
    public required IReadOnlyList<string> Numbers { get; init; }
    public required IReadOnlyList<string> Years { get; init; }
    public required bool HasNumberWord { get; init; }
    public required bool IsNegated { get; init; }
    public required int WordCount { get; init; }

    /// <summary>The stem of every word in order, stop words included, numbers as written: for "a number beside the counted word".</summary>
    public required IReadOnlyList<string> WordStems { get; init; }

    public bool IsQuestion => Text.EndsWith('?');
    public bool HasNumber => Numbers.Count > 0 || HasNumberWord;
    public string Key => $"{Passage.Id}/{Index}";
}

public sealed class PassageFacts
{
    public required Passage Passage { get; init; }
    public required IReadOnlyList<SentenceFacts> Sentences { get; init; }
    public required FrozenSet<string> HeadingStems { get; init; }
    public required FrozenSet<string> HeadingPrefixes { get; init; }
    public required FrozenSet<string> TitleStems { get; init; }
}

/// <summary>
/// Every passage's sentences with their stems and the numbers and dates they state, plus how common each
/// stem is across passages, so that rare words weigh more than words every passage has.
/// </summary>
public sealed partial class SentenceCatalog
{
    readonly Dictionary<string, PassageFacts> _passages;
    readonly Dictionary<string, int> _documentFrequency;

    public SentenceCatalog(CorpusSnapshot corpus)
    {
        _passages = new Dictionary<string, PassageFacts>(corpus.Passages.Count, StringComparer.Ordinal);
        _documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var document in corpus.Documents)
        {
            var titleStems = StemsOf(document.Title);
            foreach (var passage in document.Passages)
            {
                var facts = Describe(passage, titleStems);
                _passages[passage.Id] = facts;
                var all = new HashSet<string>(facts.HeadingStems, StringComparer.Ordinal);
                foreach (var sentence in facts.Sentences)
                    all.UnionWith(sentence.Stems);
                foreach (var stem in all)
                    _documentFrequency[stem] = _documentFrequency.GetValueOrDefault(stem) + 1;
            }
        }
        PassageCount = Math.Max(1, _passages.Count);
    }

    public int PassageCount { get; }

    public PassageFacts? Find(string passageId) => _passages.GetValueOrDefault(passageId);

    public int DocumentFrequency(string stem) => _documentFrequency.GetValueOrDefault(stem);

    /// <summary>
    /// How much finding this stem tells. A word the corpus never uses weighs like one it uses twice: a
    /// question's own paraphrase should cost something, but not everything.
    /// </summary>
    public double Weight(string stem)
    {
        var df = Math.Max(2, DocumentFrequency(stem));
        return 0.5 + Math.Log((PassageCount + 1.0) / (df + 0.5));
    }

    /// <summary>Whether the corpus uses the word at all, itself or in a word for the same thing.</summary>
    public bool Knows(QueryTerm term) =>
        DocumentFrequency(term.Stem) > 0 || term.Synonyms.Any(a => DocumentFrequency(a.Stem) > 0);

    const int PrefixLength = 6;

    public static string? PrefixOf(string stem) => stem.Length >= PrefixLength && !char.IsDigit(stem[0]) ? stem[..PrefixLength] : null;

    static FrozenSet<string> PrefixesOf(FrozenSet<string> stems) =>
        stems.Select(PrefixOf).OfType<string>().ToFrozenSet(StringComparer.Ordinal);

    public static FrozenSet<string> StemsOf(string text) =>
        Words.Of(text).Where(w => !Lexicon.StopWords.Contains(w)).Select(Lexicon.StemOf).ToFrozenSet(StringComparer.Ordinal);

    static PassageFacts Describe(Passage passage, FrozenSet<string> titleStems)
    {
        var sentences = new List<SentenceFacts>();
        foreach (var sentence in Sentences.Split(passage.Text))
        {
            var text = Sentences.WithoutAttributions(sentence.Text);
            // A last guard: a sentence that reads as page furniture, that speaks to a model rather than to
            // readers, or that only announces what the article will go on to do, is never material for an answer.
            if (text.Length == 0 || PageCleaner.IsFurniture(text) || PageCleaner.AddressesMachine(text) || Signposting().IsMatch(text))
                continue;
            var words = Words.Of(text).ToList();
            var stems = words.Where(w => !Lexicon.StopWords.Contains(w)).Select(Lexicon.StemOf).ToFrozenSet(StringComparer.Ordinal);
            sentences.Add(new SentenceFacts
            {
                Passage = passage,
                Index = sentences.Count,
                Text = text,
                Stems = stems,
                Prefixes = PrefixesOf(stems),
                CommonStems = StemsOf(Name().Replace(text, " ")),
                Numbers = [.. Number().Matches(text).Select(m => m.Value.Replace(",", "", StringComparison.Ordinal))],
                Years = [.. Year().Matches(text).Select(m => m.Value)],
                HasNumberWord = words.Any(NumberWords.Contains),
                IsNegated = words.Any(Negations.Contains),
                WordCount = words.Count,
                WordStems = [.. words.Select(w => char.IsDigit(w[0]) ? w : Lexicon.StemOf(w))],
            });
        }
        var headingStems = passage.Heading is null ? FrozenSet<string>.Empty : StemsOf(passage.Heading);
        return new PassageFacts
        {
            Passage = passage,
            Sentences = sentences,
            HeadingStems = headingStems,
            HeadingPrefixes = PrefixesOf(headingStems),
            TitleStems = titleStems,
        };
    }

    static readonly FrozenSet<string> NumberWords = FrozenSet.Create(StringComparer.Ordinal,
    [
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "dozen",
        "dozens", "twenty", "thirty", "forty", "fifty", "hundred", "hundreds", "thousand", "thousands", "million",
        "millions", "billion", "billions", "trillion", "half", "third", "quarter", "percent",
    ]);

    static readonly FrozenSet<string> Negations = FrozenSet.Create(StringComparer.Ordinal,
        ["not", "never", "no", "without", "neither", "nor", "failed", "t", "refused", "denied", "rejected"]);

    [GeneratedRegex(@"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?")]
    private static partial Regex Number();

    /// <summary>Two or more capitalised words in a row ("World War II", "Treaty of Portsmouth", "Soviet Union"): a name.</summary>
    [GeneratedRegex(@"\b[A-Z][\p{L}’'-]*(\s+(of|the|de)?\s*[A-Z][\p{L}’'-]*)+")]
    private static partial Regex Name();

    /// <summary>"In this article, we will explore ...": the article's plan, which repeats a question's words and answers nothing.</summary>
    [GeneratedRegex(@"^(in this (article|post|essay|piece|blog post|guide)\b|this (article|post|essay|piece|guide) (will|explores|examines|looks)\b|(here,? )?we will (explore|examine|discuss|look at|take a look)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Signposting();

    [GeneratedRegex(@"\b(1[5-9]\d\d|20\d\d)s?\b")]
    private static partial Regex Year();
}

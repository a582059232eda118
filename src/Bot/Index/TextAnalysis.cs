using System.Collections.Concurrent;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace Bot.Index;

/// <summary>
/// The index's own analysis (Lucene's EnglishAnalyzer: standard tokenizer, possessives, lower case, English
/// stop words, Porter stemming, with irregular verb forms read as their base form first), for code outside
/// the index that must see words as the index does: a question's stems and a sentence's stems are then the
/// terms BM25 matched on.
/// </summary>
public static class TextAnalysis
{
    public static LuceneVersion Version => LuceneVersion.LUCENE_48;

    /// <summary>One analyzer for the process: Lucene analyzers are thread-safe and reuse a token stream per thread.</summary>
    public static Analyzer English { get; } = new EnglishWithIrregularForms(LuceneVersion.LUCENE_48);

    /// <summary>The stems of a text's words in order, stop words left out.</summary>
    public static List<string> Stems(string text)
    {
        var stems = new List<string>();
        using var stream = English.GetTokenStream("body", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
            stems.Add(term.ToString());
        stream.End();
        return stems;
    }

    /// <summary>Stems of words seen so far: a corpus has tens of thousands of words and millions of uses of them.</summary>
    static readonly ConcurrentDictionary<string, string> StemCache = new(StringComparer.Ordinal);
    const int MaxCachedWords = 500_000;
    const string NoStem = "";

    /// <summary>The stem of one word, or null for a stop word; the same string object each time for the same stem.</summary>
    public static string? StemOf(string word)
    {
        if (!StemCache.TryGetValue(word, out var stem))
        {
            var stems = Stems(word);
            stem = stems.Count > 0 ? stems[0] : NoStem;
            if (StemCache.Count < MaxCachedWords)
                StemCache.TryAdd(word, stem = string.Intern(stem));
        }
        return stem.Length > 0 ? stem : null;
    }

    /// <summary>Whether the word is one of the analyzer's English stop words ("the", "was", "which").</summary>
    public static bool IsStopWord(string word) => EnglishAnalyzer.DefaultStopSet.Contains(word.ToLowerInvariant());

    /// <summary>
    /// Stems of the English words that carry no claim of their own (pronouns, auxiliaries, prepositions,
    /// conjunctions: "them", "have", "would", "before", "while"), from the Snowball project's English stop list
    /// that Lucene ships, longer than the index's own (which keeps them searchable).
    /// </summary>
    public static bool IsFunctionStem(string stem) => FunctionStems.Value.Contains(stem);

    static readonly Lazy<HashSet<string>> FunctionStems = new(() =>
    {
        using var stream = typeof(Lucene.Net.Analysis.Snowball.SnowballFilter).Assembly.GetManifestResourceStream("Lucene.Net.Analysis.Common.Analysis.Snowball.english_stop.txt")
            ?? throw new InvalidOperationException("Lucene's English stop list is missing.");
        using var reader = new StreamReader(stream);
        var words = Lucene.Net.Analysis.Util.WordlistLoader.GetSnowballWordSet(reader, Version);
        return [.. words.Select(w => StemOf(w.ToString()!)).OfType<string>()];
    });
}

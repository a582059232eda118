using System.Text.RegularExpressions;

namespace Bot.Corpus;

public static partial class Sentences
{
    // Words that end with a period without ending a sentence ("On Sept. 8", "U.S. forces").
    static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gen", "gov", "sen", "rep", "lt", "col", "capt",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "no", "vs", "etc", "approx", "est", "deg", "inc", "ltd", "co", "corp", "mt", "ft", "km", "mi",
        "u.s", "u.k", "e.g", "i.e", "a.m", "p.m", "u.s.c",
    };

    public static IReadOnlyList<Sentence> Split(string text)
    {
        var sentences = new List<Sentence>();
        var start = 0;
        foreach (Match boundary in Boundary().Matches(text))
        {
            var end = boundary.Index + 1;
            while (end < text.Length && "\"”’)".Contains(text[end], StringComparison.Ordinal))
                end++;
            if (IsAbbreviation(text, boundary.Index))
                continue;
            Add(sentences, text, start, end);
            start = end;
        }
        Add(sentences, text, start, text.Length);
        return sentences;
    }

    /// <summary>
    /// The sentences of a passage that may be quoted, each without its inline credits. A sentence that reads
    /// as page furniture, that speaks to a model rather than to readers, or that only announces what the
    /// article will go on to do, is never material for an answer; it is left out here, before anything
    /// (the index, the reader, a model) sees it.
    /// </summary>
    public static IReadOnlyList<Sentence> Quotable(string passageText)
    {
        var quotable = new List<Sentence>();
        foreach (var sentence in Split(passageText))
        {
            var text = WithoutAttributions(sentence.Text);
            if (text.Length == 0 || PageCleaner.IsFurniture(text) || PageCleaner.AddressesMachine(text) || Signposting().IsMatch(text))
                continue;
            quotable.Add(sentence with { Text = text });
        }
        return quotable;
    }

    /// <summary>Inline attributions such as "[Source: Yomiuri Shimbun, January 28, 2012]" are credits, not claims.</summary>
    public static string WithoutAttributions(string text) => Attribution().Replace(text, "").Trim();

    /// <summary>What a passage credits as its source ("Yomiuri Shimbun, January 28, 2012"), if it credits one.</summary>
    public static string? CreditIn(string text) =>
        Attribution().Match(text) is { Success: true } credit ? credit.Groups["credited"].Value.Trim() : null;

    static void Add(List<Sentence> sentences, string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
            start++;
        while (end > start && char.IsWhiteSpace(text[end - 1]))
            end--;
        if (end > start)
            sentences.Add(new Sentence(start, end - start, text[start..end]));
    }

    static bool IsAbbreviation(string text, int periodIndex)
    {
        if (text[periodIndex] != '.')
            return false;
        var wordStart = periodIndex;
        while (wordStart > 0 && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.'))
            wordStart--;
        var word = text[wordStart..periodIndex];
        // A single capital ("John F. Kennedy") is an initial.
        return Abbreviations.Contains(word) || (word.Length == 1 && char.IsUpper(word[0]));
    }

    // A sentence ends at . ! or ? (perhaps after closing quotes) followed by space and a capital, digit or quote,
    // or, after a word of three letters or more, by a word that opens sentences and never continues one after a
    // full stop: scraped text loses capitals ("...to the islands. there concerns that...").
    [GeneratedRegex(@"[.!?](?=[""”’)]*\s+[""“‘(\[]?[A-Z0-9])|(?<=\p{L}{3})[.!?](?=\s+(there|this|they|however)\s)")]
    private static partial Regex Boundary();

    [GeneratedRegex(@"\s*\[(source|sources|via|credit)s?:(?<credited>[^\]]*)\]", RegexOptions.IgnoreCase)]
    private static partial Regex Attribution();

    /// <summary>"In this article, we will explore ...": the article's plan, which repeats a question's words and answers nothing.</summary>
    [GeneratedRegex(@"^(in this (article|post|essay|piece|blog post|guide)\b|this (article|post|essay|piece|guide) (will|explores|examines|looks)\b|(here,? )?we will (explore|examine|discuss|look at|take a look)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Signposting();
}

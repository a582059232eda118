using System.Text.RegularExpressions;

namespace Bot.Answers;

/// <summary>
/// What an answered turn was about, for the follow-ups that lean on it: the people, places, events and dates
/// its answer names ("the Treaty of Portsmouth", "1905"), besides the words of its question. "Which islands
/// are we talking about?" after an answer about the dispute is searched with the dispute's names, not only
/// with its own words.
/// </summary>
public static partial class ThreadFocus
{
    const int MaxNames = 8;

    /// <summary>The names and years an answer gives, in order, each once; citation markers and verdict words left out.</summary>
    public static IReadOnlyList<string> Of(string answerText, SentenceCatalog catalog)
    {
        var focus = new List<string>();
        // The caveat of an unsure answer is the bot's own words, not the sources': only what it quotes counts.
        if (answerText.StartsWith(ExtractiveComposer.Caveat, StringComparison.Ordinal)
            && answerText.IndexOf(ExtractiveComposer.NearestLeadIn, StringComparison.Ordinal) is >= 0 and var quoted)
            answerText = answerText[(quoted + ExtractiveComposer.NearestLeadIn.Length)..];
        foreach (var sentence in Corpus.Sentences.Split(Marker().Replace(answerText, " ")))
        {
            foreach (Match match in Name().Matches(sentence.Text))
            {
                var name = match.Value.Trim();
                // A sentence's first word is capitalised whatever it is; it counts only where the corpus writes it as a name.
                if (match.Index == 0 && !name.Contains(' ', StringComparison.Ordinal) && !(Index.TextAnalysis.StemOf(name.ToLowerInvariant()) is { } stem && catalog.IsName(stem)))
                    continue;
                if (name is "Yes" or "No" or "The" && match.Index == 0)
                    continue;
                Add(focus, name);
            }
            foreach (Match year in Year().Matches(sentence.Text))
                Add(focus, year.Value);
        }
        return focus.Count > MaxNames ? focus[..MaxNames] : focus;
    }

    static void Add(List<string> focus, string item)
    {
        if (!focus.Contains(item, StringComparer.OrdinalIgnoreCase))
            focus.Add(item);
    }

    [GeneratedRegex(@"\s*\[\d+\]")]
    private static partial Regex Marker();

    /// <summary>Capitalised words in a row, with "of" or "the" between them: "Treaty of Portsmouth", "Naoto Kan".</summary>
    [GeneratedRegex(@"\b\p{Lu}[\p{L}’'-]+(?:\s+(?:of\s+(?:the\s+)?)?\p{Lu}[\p{L}’'-]+)*")]
    private static partial Regex Name();

    [GeneratedRegex(@"\b(1[5-9]\d\d|20\d\d)\b")]
    private static partial Regex Year();
}

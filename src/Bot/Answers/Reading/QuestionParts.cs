using System.Text.RegularExpressions;

namespace Bot.Answers;

/// <summary>
/// Cuts a message that asks two things ("When did the war start and who won?", "Who met whom, and where?",
/// "Who won? Why?", "Is there a peace treaty, and why not?") into its questions, so that each is answered and cited on its own. Only a question word
/// opening each part makes a new question; "what does each side call the islands?" is one question, and so
/// is "why are they at war? wasn't that over in 1945?", whose second part only says what puzzles the asker.
/// </summary>
public static partial class QuestionParts
{
    const int MaxParts = 3;

    public static IReadOnlyList<string> Split(string text)
    {
        var trimmed = text.Trim();
        if (!QuestionWordAt().IsMatch(trimmed) && !AuxiliaryAt().IsMatch(trimmed))
            return [trimmed];
        var parts = new List<string>();
        var start = 0;
        foreach (Match boundary in Boundary().Matches(trimmed))
        {
            var before = trimmed[start..boundary.Index].Trim();
            var after = trimmed[(boundary.Index + boundary.Length)..];
            // The next part must open with a question word and the part before must have words of its own.
            if (!(QuestionWordAt().IsMatch(after) || QuestionWordAfterPreposition().IsMatch(after)) || before.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < 2)
                continue;
            parts.Add(Finished(before));
            start = boundary.Index + boundary.Length;
            if (parts.Count == MaxParts - 1)
                break;
        }
        if (parts.Count == 0)
            return [trimmed];
        parts.Add(Finished(trimmed[start..].Trim()));
        return parts;
    }

    static string Finished(string part) => part.TrimEnd(',', ';', ' ') is var bare && bare.EndsWith('?') ? bare : bare + "?";

    /// <summary>Where one question may end and another begin: a question mark, or a comma, semicolon or "and" before a question word.</summary>
    /// Chat writes "and" as "n", "&", "+" or "plus".
    [GeneratedRegex(@"\?\s*(?:and\s+|also\s+)?|\s*[,;]\s*(?:and\s+)?|\s+(?:and|n|&|\+|plus)\s+(?:also\s+)?", RegexOptions.IgnoreCase)]
    private static partial Regex Boundary();

    [GeneratedRegex(@"^\s*(who|whom|whose|what|when|where|why|which|how)\b", RegexOptions.IgnoreCase)]
    private static partial Regex QuestionWordAt();

    /// <summary>"...and for how many years?", "and in which city?": a question word behind its preposition.</summary>
    [GeneratedRegex(@"^\s*(for|in|to|from|by|on|at|with|since|until|till)\s+(whom|what|when|where|which|how)\b", RegexOptions.IgnoreCase)]
    private static partial Regex QuestionWordAfterPreposition();

    [GeneratedRegex(@"^\s*(is|are|was|were|do|does|did|has|have|had|can|could|will|would)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AuxiliaryAt();
}

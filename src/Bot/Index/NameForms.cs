namespace Bot.Index;

/// <summary>
/// Whether two stems name one thing in English: a name and its adjective or people ("Japan", "Japanese";
/// "China", "Chinese"; "Soviet", "Soviets"; "Finland", "Finns"), by how English forms them, not by a list.
/// </summary>
public static class NameForms
{
    public static bool Same(string word, string name)
    {
        if (word == name)
            return true;
        if (word.Length < 3 || name.Length < 3 || char.IsDigit(word[0]) || char.IsDigit(name[0]))
            return false;
        if (word.StartsWith(name, StringComparison.Ordinal) || (word.Length >= 4 && name.StartsWith(word, StringComparison.Ordinal)))
            return true;
        // "Finland" and "Finns", "Scotland" and "Scots": the people are named from the land's first part.
        if (StemOfLand(name) is { } land && word.StartsWith(land, StringComparison.Ordinal) || StemOfLand(word) is { } other && name.StartsWith(other, StringComparison.Ordinal))
            return true;
        var shared = 0;
        while (shared < word.Length && shared < name.Length && word[shared] == name[shared])
            shared++;
        // "China" and "Chinese": all but the last letter or so of the shorter.
        return shared >= 4 && shared >= Math.Min(word.Length, name.Length) - 1;
    }

    static string? StemOfLand(string name) =>
        name.Length >= 7 && name.EndsWith("land", StringComparison.Ordinal) ? name[..^4] : null;
}

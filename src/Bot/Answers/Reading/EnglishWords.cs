namespace Bot.Answers;

/// <summary>
/// Whether a word is English (SCOWL's American word list, names of people and places included): a word in it is
/// what the person wrote, never a misspelling to respell as the nearest word of the sources. Respelt by the
/// sources' words alone, "electricity" became "election", "slower" "flowers", "at least" "at east" and
/// "Churchill" "church".
/// </summary>
public static class EnglishWords
{
    // 72,000 words kept as their hash codes, sorted: 290 KB against some 4.5 MB as a set of strings. A misspelling
    // shares a hash code with one of them about once in 60,000 words, and is then left as written.
    static readonly Lazy<int[]> Hashes = new(Read);

    public static bool Contains(string lowercased) => lowercased.Length >= 4 && Array.BinarySearch(Hashes.Value, Hash(lowercased)) >= 0;

    static int Hash(string word) => word.GetHashCode(StringComparison.Ordinal);

    static int[] Read()
    {
        using var stream = typeof(EnglishWords).Assembly.GetManifestResourceStream("Bot.Answers.Reading.english-words.txt")
            ?? throw new InvalidOperationException("The English word list is missing from the program.");
        using var reader = new StreamReader(stream);
        var hashes = new List<int>(73_000);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
                hashes.Add(Hash(line));
        }
        var sorted = hashes.ToArray();
        Array.Sort(sorted);
        return sorted;
    }
}

using System.Collections.Frozen;

namespace Bot.Answers.Model;

/// <summary>The word tables the program carries (WordNet's opposites and capitals): one entry a line, words split by spaces, "#" lines are notes.</summary>
static class Tables
{
    /// <summary>Capitals, by stem, and the stems of the country each stands for ("beij": "china").</summary>
    public static Lazy<FrozenDictionary<string, string[]>> Capitals { get; } =
        new(() => Read("Bot.Answers.Model.capitals.txt").ToFrozenDictionary(r => r[0], r => r[1..], StringComparer.Ordinal));

    public static IEnumerable<string[]> Read(string resource)
    {
        using var stream = typeof(Tables).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is missing from the program.");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
                yield return line.Split(' ');
        }
    }
}

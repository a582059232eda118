using System.Globalization;
using Bot.Answers;
using Bot.Index;

namespace Bot.Benchmarks;

/// <summary>
/// Writes the reader's table of English synonyms from Princeton WordNet 3.0 (Debian's wordnet-base, in
/// /usr/share/wordnet): for each word, the other one-word members of its commonest senses, as the index stems
/// them, so the bot stems nothing at start.
/// Opposites, capitals and kinds (a missile is a kind of weapon) are written too.
/// <c>dotnet run -c Release --project bench/Bot.Benchmarks -- synonyms /usr/share/wordnet src/Bot/Answers/Reading/synonyms.txt src/Bot/Answers/Model/antonyms.txt src/Bot/Answers/Model/capitals.txt src/Bot/Answers/Reading/kinds.txt src/Bot/Answers/Reading/derivations.txt</c>
/// </summary>
public static class Synonyms
{
    /// <summary>WordNet lists a word's senses commonest first; past the first few, a sense is rarely what a question means.</summary>
    static readonly Dictionary<string, int> SensesKept = new(StringComparer.Ordinal) { ["noun"] = 2, ["verb"] = 3, ["adj"] = 2, ["adv"] = 1 };

    public static int Run(string[] args)
    {
        if (args.Length != 6)
        {
            Console.Error.WriteLine("usage: synonyms WORDNET_DICT_FOLDER SYNONYMS_OUTPUT ANTONYMS_OUTPUT CAPITALS_OUTPUT KINDS_OUTPUT DERIVATIONS_OUTPUT");
            return 2;
        }
        var (folder, output, antonymsOutput, capitalsOutput, kindsOutput) = (args[0], args[1], args[2], args[3], args[4]);
        WriteDerivations(folder, args[5]);
        WriteAntonyms(folder, antonymsOutput);
        WriteCapitals(folder, capitalsOutput);
        WriteKinds(folder, kindsOutput);
        var table = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (pos, kept) in SensesKept)
        {
            var synsets = ReadSynsets(Path.Combine(folder, $"data.{pos}"));
            foreach (var line in File.ReadLines(Path.Combine(folder, $"index.{pos}")))
            {
                if (line.StartsWith(' '))
                    continue;
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var lemma = fields[0];
                if (lemma.Contains('_', StringComparison.Ordinal) || TextAnalysis.StemOf(lemma) is not { } stem)
                    continue;
                var senses = int.Parse(fields[2], CultureInfo.InvariantCulture);
                var offsets = fields[^senses..].Take(kept);
                foreach (var offset in offsets)
                {
                    if (!synsets.TryGetValue(offset, out var synset))
                        continue;
                    foreach (var word in synset)
                    {
                        if (TextAnalysis.StemOf(word) is { } other && other != stem)
                            Add(table, stem, other);
                    }
                }
            }
        }
        AddPhrasalVerbs(folder, table);
        Write(output, table, "words with synonyms",
            "English synonyms from Princeton WordNet 3.0, as the index stems them: a word, then the words of its commonest senses.",
            "Written by: dotnet run -c Release --project bench/Bot.Benchmarks -- synonyms /usr/share/wordnet (this file) (the antonyms file) (the capitals file) (the kinds file) (the derivations file)");
        return 0;
    }

    /// <summary>
    /// Words WordNet gives as forms of one another across parts of speech ("settle" and "settlement", "expel" and
    /// "expulsion", "die" and "death"), as the index stems them, both ways: its derivationally related forms, which
    /// stemming leaves apart wherever the suffix changes the word.
    /// </summary>
    static void WriteDerivations(string folder, string output)
    {
        var files = new Dictionary<char, string> { ['n'] = "noun", ['v'] = "verb", ['a'] = "adj", ['s'] = "adj", ['r'] = "adv" };
        var words = new Dictionary<(string Pos, string Offset), List<string>>();
        var lines = new List<(string Pos, string[] Fields, int Count)>();
        foreach (var pos in SensesKept.Keys)
        {
            foreach (var (fields, count) in DataLines(Path.Combine(folder, $"data.{pos}")))
            {
                words[(pos, fields[0])] = [.. Enumerable.Range(0, count).Select(i => fields[4 + (2 * i)].ToLowerInvariant())];
                lines.Add((pos, fields, count));
            }
        }
        var table = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (pos, fields, count) in lines)
        {
            var at = 4 + (2 * count);
            var pointers = int.Parse(fields[at], CultureInfo.InvariantCulture);
            for (var p = 0; p < pointers; p++)
            {
                var (symbol, target, targetPos, source) = (fields[at + 1 + (4 * p)], fields[at + 2 + (4 * p)], fields[at + 3 + (4 * p)], fields[at + 4 + (4 * p)]);
                if (symbol != "+" || !files.TryGetValue(targetPos[0], out var targetFile) || !words.TryGetValue((targetFile, target), out var targetWords))
                    continue;
                var from = Convert.ToInt32(source[..2], 16) - 1;
                var to = Convert.ToInt32(source[2..], 16) - 1;
                if (from < 0 || to < 0 || from >= count || to >= targetWords.Count)
                    continue;
                var (a, b) = (words[(pos, fields[0])][from], targetWords[to]);
                if (a.Contains('_', StringComparison.Ordinal) || b.Contains('_', StringComparison.Ordinal) || NamesSomeone(a) != NamesSomeone(b)
                    || TextAnalysis.StemOf(a) is not { } sa || TextAnalysis.StemOf(b) is not { } sb || sa == sb)
                    continue;
                Add(table, sa, sb);
                Add(table, sb, sa);
            }
        }
        Write(output, table, "words with derivations",
            "English derivationally related forms from Princeton WordNet 3.0, as the index stems them: a word, then its forms in other parts of speech.",
            "Written by: dotnet run -c Release --project bench/Bot.Benchmarks -- synonyms (see synonyms.txt)");
    }

    /// <summary>
    /// Phrasal verbs, keyed as the reader meets them: the verb as the index stems it, "_", the particle: "kick_out"
    /// with "expel", "give_back" with "return". Each irregular form of the verb (WordNet's verb.exc) is keyed too,
    /// for the index reads only some as their base ("gave" as "give", "blew" as itself). Their words say nothing
    /// alone ("kicked", "out"); the verb with its particle has English synonyms.
    /// </summary>
    static void AddPhrasalVerbs(string folder, SortedDictionary<string, SortedSet<string>> table)
    {
        var irregular = File.ReadLines(Path.Combine(folder, "verb.exc")).Select(l => l.Split(' ')).Where(f => f.Length >= 2).ToLookup(f => f[1], f => f[0], StringComparer.Ordinal);
        var synsets = ReadSynsets(Path.Combine(folder, "data.verb"));
        foreach (var line in File.ReadLines(Path.Combine(folder, "index.verb")))
        {
            if (line.StartsWith(' '))
                continue;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var parts = fields[0].Split('_');
            if (parts.Length != 2 || !QuestionReader.PhrasalParticles.Contains(parts[1]) || TextAnalysis.StemOf(parts[0]) is not { } verb)
                continue;
            var senses = int.Parse(fields[2], CultureInfo.InvariantCulture);
            var words = fields[^senses..].Take(SensesKept["verb"]).SelectMany(o => synsets.GetValueOrDefault(o) ?? [])
                .Select(TextAnalysis.StemOf).OfType<string>().Where(w => w != verb).Distinct().ToList();
            foreach (var form in irregular[parts[0]].Select(TextAnalysis.StemOf).OfType<string>().Append(verb).Distinct())
            {
                foreach (var word in words)
                    Add(table, $"{form}_{parts[1]}", word);
            }
        }
    }

    /// <summary>
    /// A noun for whoever does the thing ("governor", "settler", "president", "participant"): it is someone, where
    /// "government", "settlement" and "preside" are not, so it is no other form of them.
    /// </summary>
    static bool NamesSomeone(string word) =>
        (word.EndsWith("er", StringComparison.Ordinal) || word.EndsWith("or", StringComparison.Ordinal) || word.EndsWith("ist", StringComparison.Ordinal)
            || word.EndsWith("ee", StringComparison.Ordinal) || word.EndsWith("ian", StringComparison.Ordinal) || word.EndsWith("ant", StringComparison.Ordinal)
            || (word.EndsWith("ent", StringComparison.Ordinal) && !word.EndsWith("ment", StringComparison.Ordinal)))
        && word.Length > 4;

    /// <summary>
    /// Words WordNet gives as opposites ("accept" and "reject", "win" and "lose"), as the index stems them, both
    /// ways: a model's sentence that says one where its source says the other contradicts it.
    /// </summary>
    static void WriteAntonyms(string folder, string output)
    {
        var pairs = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var pos in SensesKept.Keys)
        {
            var path = Path.Combine(folder, $"data.{pos}");
            var words = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var lines = DataLines(path).ToList();
            foreach (var (fields, count) in lines)
            {
                words[fields[0]] = [.. Enumerable.Range(0, count).Select(i => fields[4 + (2 * i)].ToLowerInvariant())];
            }
            foreach (var (fields, count) in lines)
            {
                var at = 4 + (2 * count);
                var pointers = int.Parse(fields[at], CultureInfo.InvariantCulture);
                for (var p = 0; p < pointers; p++)
                {
                    var (symbol, target, source) = (fields[at + 1 + (4 * p)], fields[at + 2 + (4 * p)], fields[at + 4 + (4 * p)]);
                    if (symbol != "!" || !words.TryGetValue(target, out var targetWords))
                        continue;
                    // The pointer links one word of each synset: the last four hex digits say which.
                    var from = Convert.ToInt32(source[..2], 16) - 1;
                    var to = Convert.ToInt32(source[2..], 16) - 1;
                    if (from < 0 || to < 0 || from >= count || to >= targetWords.Count)
                        continue;
                    var (a, b) = (words[fields[0]][from], targetWords[to]);
                    if (a.Contains('_', StringComparison.Ordinal) || b.Contains('_', StringComparison.Ordinal) || TextAnalysis.StemOf(a) is not { } sa || TextAnalysis.StemOf(b) is not { } sb || sa == sb)
                        continue;
                    pairs.Add($"{sa} {sb}");
                    pairs.Add($"{sb} {sa}");
                }
            }
        }
        using var writer = new StreamWriter(output);
        writer.WriteLine("# English opposites from Princeton WordNet 3.0, as the index stems them, each pair both ways.");
        writer.WriteLine("# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. See WORDNET-LICENSE.txt beside this file.");
        foreach (var pair in pairs)
            writer.WriteLine(pair);
        Console.WriteLine($"{pairs.Count} opposite pairs written to {output}");
    }

    /// <summary>Words of a country's name that name no country alone ("the United States", "Red China").</summary>
    static readonly HashSet<string> NotACountry = new(StringComparer.Ordinal) { "the", "of", "and", "united", "states", "kingdom", "republic", "federation", "federal", "people's", "democratic", "red", "south", "north", "east", "west", "new", "union", "commonwealth" };

    /// <summary>
    /// Capitals and the countries they stand for when a writer means the government ("Tokyo refused" for "Japan
    /// refused"): WordNet's cities with a member "capital_of_Japan" or "Japanese_capital", as the index stems them.
    /// </summary>
    static void WriteCapitals(string folder, string output)
    {
        var table = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (fields, count) in DataLines(Path.Combine(folder, "data.noun")))
        {
            var members = Enumerable.Range(0, count).Select(i => fields[4 + (2 * i)]).ToList();
            if (members[0].Contains('_', StringComparison.Ordinal) || TextAnalysis.StemOf(members[0].ToLowerInvariant()) is not { } city)
                continue;
            foreach (var member in members.Skip(1))
            {
                var country = member.StartsWith("capital_of_", StringComparison.Ordinal) ? member["capital_of_".Length..]
                    : member.EndsWith("_capital", StringComparison.Ordinal) && char.IsUpper(member[0]) ? member[..^"_capital".Length]
                    : null;
                if (country is null)
                    continue;
                foreach (var word in country.ToLowerInvariant().Split('_'))
                {
                    if (!NotACountry.Contains(word) && TextAnalysis.StemOf(word) is { } stem && stem != city)
                        Add(table, city, stem);
                }
            }
        }
        Write(output, table, "capitals", "Capitals and the country they stand for, from Princeton WordNet 3.0, as the index stems them: a city, then its country's words.");
    }

    /// <summary>How many levels up a kind is looked for: a missile is a rocket, a weapon, then a vehicle, an instrument.</summary>
    const int KindLevels = 3;

    /// <summary>
    /// A word with more kinds under it than this is too general to ask for ("thing", "person", "group"): a
    /// question's "what weapons" is answered by a missile, its "what happened to the people" by anyone at all.
    /// </summary>
    const int MostKinds = 200;

    /// <summary>
    /// Nouns and the more general nouns they are kinds of ("missil rocket weapon"), from WordNet's hypernyms of
    /// each noun's two commonest senses, up to <see cref="KindLevels"/> levels, as the index stems them: a
    /// question asking "what weapons" is answered by a sentence about missiles.
    /// </summary>
    static void WriteKinds(string folder, string output)
    {
        var members = ReadSynsets(Path.Combine(folder, "data.noun"));
        var parents = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (fields, count) in DataLines(Path.Combine(folder, "data.noun")))
        {
            var at = 4 + (2 * count);
            var pointers = int.Parse(fields[at], CultureInfo.InvariantCulture);
            var up = new List<string>();
            for (var p = 0; p < pointers; p++)
            {
                if (fields[at + 1 + (4 * p)] == "@" && fields[at + 3 + (4 * p)] == "n")
                    up.Add(fields[at + 2 + (4 * p)]);
            }
            parents[fields[0]] = up;
        }
        // How many synsets lie under each (every path counted once per child, enough to tell general from specific).
        var under = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var offset in parents.Keys)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var frontier = new List<string> { offset };
            while (frontier.Count > 0)
            {
                var next = new List<string>();
                foreach (var child in frontier)
                {
                    foreach (var parent in parents[child])
                    {
                        if (seen.Add(parent))
                            next.Add(parent);
                    }
                }
                frontier = next;
            }
            foreach (var ancestor in seen)
                under[ancestor] = under.GetValueOrDefault(ancestor) + 1;
        }
        var table = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(folder, "index.noun")))
        {
            if (line.StartsWith(' '))
                continue;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // A number in a sentence is a date or a count, not "a .22" (a kind of weapon) or "a 3-D film".
            if (fields[0].Contains('_', StringComparison.Ordinal) || TextAnalysis.StemOf(fields[0]) is not { } stem || char.IsDigit(stem[0]))
                continue;
            var senses = int.Parse(fields[2], CultureInfo.InvariantCulture);
            foreach (var offset in fields[^senses..].Take(SensesKept["noun"]))
            {
                var frontier = new List<string> { offset };
                for (var level = 0; level < KindLevels && frontier.Count > 0; level++)
                {
                    frontier = [.. frontier.SelectMany(o => parents.GetValueOrDefault(o) ?? [])];
                    foreach (var ancestor in frontier.Where(a => under.GetValueOrDefault(a) <= MostKinds))
                    {
                        foreach (var word in members.GetValueOrDefault(ancestor) ?? [])
                        {
                            if (TextAnalysis.StemOf(word) is { } general && general != stem)
                                Add(table, stem, general);
                        }
                    }
                }
            }
        }
        Write(output, table, "nouns with their kinds", "Nouns and the more general nouns they are kinds of, from Princeton WordNet 3.0's hypernyms, as the index stems them.");
    }

    static void Add(SortedDictionary<string, SortedSet<string>> table, string word, string other)
    {
        if (!table.TryGetValue(word, out var set))
            table[word] = set = new SortedSet<string>(StringComparer.Ordinal);
        set.Add(other);
    }

    /// <summary>A table as the bot reads it: notes first (what it is, WordNet's licence), then a word and its words a line.</summary>
    static void Write(string output, SortedDictionary<string, SortedSet<string>> table, string what, params string[] notes)
    {
        using (var writer = new StreamWriter(output))
        {
            writer.WriteLine($"# {notes[0]}");
            writer.WriteLine("# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. See WORDNET-LICENSE.txt beside this file.");
            foreach (var note in notes.Skip(1))
                writer.WriteLine($"# {note}");
            foreach (var (word, others) in table)
                writer.WriteLine($"{word} {string.Join(' ', others)}");
        }
        Console.WriteLine($"{table.Count} {what} written to {output}");
    }

    /// <summary>A WordNet data file's synsets, each line's fields and its count of words (the licence lines, which open with a space, left out).</summary>
    static IEnumerable<(string[] Fields, int Count)> DataLines(string path) =>
        File.ReadLines(path).Where(l => !l.StartsWith(' ')).Select(l => l.Split(' ')).Select(f => (f, int.Parse(f[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture)));

    /// <summary>Each synset's one-word members.</summary>
    static Dictionary<string, List<string>> ReadSynsets(string path)
    {
        var members = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (fields, count) in DataLines(path))
        {
            var offset = fields[0];
            var words = new List<string>();
            for (var i = 0; i < count; i++)
            {
                var word = fields[4 + (2 * i)].ToLowerInvariant();
                var bracket = word.IndexOf('(', StringComparison.Ordinal);
                if (bracket > 0)
                    word = word[..bracket];
                if (!word.Contains('_', StringComparison.Ordinal))
                    words.Add(word);
            }
            members[offset] = words;
        }
        return members;
    }
}

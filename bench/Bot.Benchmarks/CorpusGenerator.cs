using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bot.Corpus;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Benchmarks;

/// <summary>
/// Writes a large corpus for scale measurements: the real documents, plus generated ones whose sentences
/// are drawn from a word-pair (bigram) model of the real corpus, so word frequencies, sentence lengths and
/// vocabulary look like the real thing. Deterministic for a given seed.
/// <c>dotnet run -c Release --project bench/Bot.Benchmarks -- generate-corpus /tmp/corpus-100k [--passages 100000]</c>
/// </summary>
public static class CorpusGenerator
{
    const int ParagraphsPerSection = 10;
    const int SectionsPerDocument = 10;

    public static int Run(string[] args)
    {
        var target = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? throw new ArgumentException("usage: generate-corpus FOLDER [--passages N]");
        var passages = args.SkipWhile(a => a != "--passages").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(100_000);
        var clock = Stopwatch.StartNew();

        var source = new CorpusOptions().ResolveFolder();
        var corpus = new CorpusLoader(NullLogger<CorpusLoader>.Instance).Load(source);
        var model = new BigramModel(corpus.Passages.Select(p => p.Text));

        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);

        var random = new Random(20261121);
        var written = corpus.Passages.Count;
        long bytes = 0;
        for (var document = 0; written < passages; document++)
        {
            var text = new StringBuilder();
            text.Append(Capitalized(model.Phrase(random, 6))).Append("\n\n");
            for (var section = 0; section < SectionsPerDocument && written < passages; section++)
            {
                text.Append(Capitalized(model.Phrase(random, 4))).Append("\n\n");
                for (var paragraph = 0; paragraph < ParagraphsPerSection && written < passages; paragraph++, written++)
                {
                    var sentences = 2 + random.Next(4);
                    for (var s = 0; s < sentences; s++)
                        text.Append(model.Sentence(random)).Append(' ');
                    text.Length--;
                    text.Append("\n\n");
                }
            }
            var path = Path.Combine(target, $"generated_{document:D5}.txt");
            File.WriteAllText(path, text.ToString());
            bytes += new FileInfo(path).Length;
        }
        Console.WriteLine($"Wrote about {written:N0} passages ({bytes / 1e6:F1} MB of generated text, plus the real corpus) to {target} in {clock.Elapsed.TotalSeconds:F1} s.");
        return 0;
    }

    static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>Which word follows which in the real corpus, counted; sentences are walks from a sentence start to an end.</summary>
    sealed class BigramModel
    {
        readonly Dictionary<string, List<string>> _next = new(StringComparer.Ordinal);
        readonly List<string> _starts = [];

        public BigramModel(IEnumerable<string> texts)
        {
            foreach (var text in texts)
            {
                foreach (var sentence in Sentences.Split(text))
                {
                    var words = sentence.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (words.Length < 4)
                        continue;
                    _starts.Add(words[0]);
                    for (var i = 0; i < words.Length; i++)
                    {
                        var key = words[i];
                        var next = i + 1 < words.Length ? words[i + 1] : "";
                        if (!_next.TryGetValue(key, out var list))
                            _next[key] = list = [];
                        list.Add(next);
                    }
                }
            }
        }

        public string Sentence(Random random)
        {
            var words = new List<string> { _starts[random.Next(_starts.Count)] };
            while (words.Count < 40)
            {
                var options = _next.GetValueOrDefault(words[^1]);
                if (options is null || options.Count == 0)
                    break;
                var next = options[random.Next(options.Count)];
                if (next.Length == 0)
                {
                    if (words.Count >= 6)
                        break;
                    next = _starts[random.Next(_starts.Count)].ToLowerInvariant();
                }
                words.Add(next);
            }
            var sentence = string.Join(' ', words);
            return ".!?".Contains(sentence[^1], StringComparison.Ordinal) ? sentence : sentence + ".";
        }

        public string Phrase(Random random, int words)
        {
            var sentence = Sentence(random).TrimEnd('.', '!', '?').Split(' ');
            return string.Join(' ', sentence.Take(words));
        }
    }
}

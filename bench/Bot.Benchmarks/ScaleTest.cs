using System.Diagnostics;
using Bot.Answers;
using Bot.Corpus;
using Bot.Extensions;
using Bot.Index;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Benchmarks;

/// <summary>
/// The bot's costs on a given corpus (a generated large one, or the real one): ingestion, index build time
/// and size, start-up, retrieval and turn latency, memory.
/// <c>dotnet run -c Release --project bench/Bot.Benchmarks -- scale /tmp/corpus-100k</c>
/// </summary>
public static class ScaleTest
{
    public static Bot.Embeddings.ArcticXsEmbeddingGenerator Model { get; } = NewModel();

    public static Bot.Embeddings.ArcticXsEmbeddingGenerator NewModel() =>
        new(Microsoft.Extensions.Options.Options.Create(new Bot.Embeddings.EmbeddingOptions()), NullLogger<Bot.Embeddings.ArcticXsEmbeddingGenerator>.Instance);

    static readonly string[] Questions =
    [
        "Are Japan and Russia still at war?",
        "Who won the Russo-Japanese War?",
        "Did Medvedev visit the Kuril Islands?",
        "How much oil could the rigs near Japan supply per day?",
        "What was the 1956 Joint Declaration?",
        "Why is there no peace treaty?",
        "What is the capital of France?",
        "How many islands are disputed?",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var folder = Path.GetFullPath(args.FirstOrDefault() ?? new CorpusOptions().ResolveFolder());
        var indexPath = Path.Combine(Path.GetTempPath(), "bot-scale-" + Guid.NewGuid().ToString("N"), "passages.sqlite");
        Directory.CreateDirectory(Path.GetDirectoryName(indexPath)!);
        try
        {
            var clock = Stopwatch.StartNew();
            var corpus = new CorpusLoader(NullLogger<CorpusLoader>.Instance).Load(folder);
            var ingest = clock.Elapsed;
            var textBytes = corpus.Passages.Sum(p => (long)p.Text.Length);
            Report("corpus", $"{corpus.Documents.Count:N0} documents, {corpus.Passages.Count:N0} passages, {textBytes / 1e6:F1} M characters of passage text");
            Report("ingest (load, clean, cut)", $"{ingest.TotalSeconds:F2} s ({corpus.Passages.Count / ingest.TotalSeconds:N0} passages/s)");

            clock.Restart();
            using (await LucenePassageIndex.OpenAsync(indexPath, corpus, Model, NullLogger.Instance))
            {
            }
            var build = clock.Elapsed;
            Report("index build (FTS5, from scratch)", $"{build.TotalSeconds:F2} s ({corpus.Passages.Count / build.TotalSeconds:N0} passages/s), {new FileInfo(indexPath).Length / 1e6:F1} MB on disk");

            clock.Restart();
            var builder = Host.CreateApplicationBuilder([$"--Corpus:Path={folder}", $"--Corpus:IndexPath={indexPath}"]);
            builder.Logging.ClearProviders();
            builder.AddAnswering();
            using var host = builder.Build();
            host.Services.WarmUp();
            var answerer = host.Services.GetRequiredService<Answerer>();
            await answerer.AnswerAsync("first", Questions[0], CancellationToken.None);
            Report("start-up with the index built (load, sentence catalog, first answer)", $"{clock.Elapsed.TotalSeconds:F2} s");

            var finder = host.Services.GetRequiredService<EvidenceFinder>();
            var subject = host.Services.GetRequiredService<CorpusSnapshot>().Metadata.Subject;
            var reader = host.Services.GetRequiredService<QuestionReader>();
            var evidence = Measure(200, i => finder.FindAsync(reader.Read(Questions[i % Questions.Length], [], subject), [], CancellationToken.None).AsTask().GetAwaiter().GetResult());
            Report("retrieval (read the question, search, weigh the sentences)", $"median {evidence.Median:F3} ms, p95 {evidence.P95:F3} ms");

            // For comparison: every word of the question searched, as the index would be asked without a budget.
            var index = host.Services.GetRequiredService<IPassageIndex>();
            var unbudgeted = Measure(50, i => index.Search(Questions[i % Questions.Length], null, 12));
            Report("FTS5 search of every word of the question, no budget", $"median {unbudgeted.Median:F3} ms, p95 {unbudgeted.P95:F3} ms");

            var turns = Measure(200, i => answerer.AnswerAsync($"scale-{i}", Questions[i % Questions.Length], CancellationToken.None).GetAwaiter().GetResult());
            Report("turn (question to cited answer)", $"median {turns.Median:F3} ms, p95 {turns.P95:F3} ms");

            var followUps = Measure(200, i => answerer.AnswerAsync($"scale-{i}", "Why?", CancellationToken.None).GetAwaiter().GetResult());
            Report("follow-up turn (\"Why?\")", $"median {followUps.Median:F3} ms, p95 {followUps.P95:F3} ms");

            using var self = Process.GetCurrentProcess();
            self.Refresh();
            Report("memory", $"{self.WorkingSet64 / 1e6:F0} MB resident now, {self.PeakWorkingSet64 / 1e6:F0} MB at peak (this process, index built in it)");
            return 0;
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(indexPath)!, recursive: true);
        }
    }

    static void Report(string what, string figure) => Console.WriteLine($"| {what} | {figure} |");

    static (double Median, double P95) Measure(int count, Action<int> action)
    {
        for (var i = 0; i < 20; i++)
            action(i);
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            action(i);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(times);
        return (times[count / 2], times[(int)(count * 0.95)]);
    }
}

using System.Diagnostics;
using System.Net.Http.Json;
using System.Numerics.Tensors;
using Bot.Answers;
using Bot.Corpus;
using Bot.Embeddings;
using Bot.Index;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bot.Benchmarks;

/// <summary>
/// The bot's costs on a given corpus (a generated large one, or the real one): ingestion, the index build
/// with its embeddings, reopening it, start-up, the vector scan, retrieval, and turns in-process and over
/// HTTP with and without the question's vector cached, with medians and p99s; memory.
/// <c>dotnet run -c Release --project bench/Bot.Benchmarks -- scale [FOLDER] [--hashing]</c>
/// <c>--hashing</c> embeds with <see cref="HashingEmbedder"/> instead of the model, for corpora whose
/// embedding by the model would take hours; the model's own cost per text is measured on a sample instead.
/// </summary>
public static class ScaleTest
{
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

    public static ArcticXsEmbeddingGenerator NewModel() =>
        new(Options.Create(new EmbeddingOptions()), NullLogger<ArcticXsEmbeddingGenerator>.Instance);

    public static async Task<int> RunAsync(string[] args)
    {
        var folder = Path.GetFullPath(args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? new CorpusOptions().ResolveFolder());
        var hashing = args.Contains("--hashing");
        var indexFolder = Path.Combine(Path.GetTempPath(), "bot-scale-" + Guid.NewGuid().ToString("N"), "index");
        using var model = NewModel();
        IEmbeddingGenerator<string, Embedding<float>> embedder = hashing ? new HashingEmbedder() : model;
        try
        {
            var clock = Stopwatch.StartNew();
            var corpus = new CorpusLoader(NullLogger<CorpusLoader>.Instance).Load(folder);
            var ingest = clock.Elapsed;
            var texts = corpus.Passages.Sum(p => 1 + (2 * p.Sentences.Count));
            Report("corpus", $"{corpus.Documents.Count:N0} documents, {corpus.Passages.Count:N0} passages, {texts:N0} texts to embed (each passage, each sentence alone and after the one before)");
            Report("ingest (load, clean, cut)", $"{ingest.TotalSeconds:F2} s ({corpus.Passages.Count / ingest.TotalSeconds:N0} passages/s)");

            // The model's own rate, on a sample when the corpus is embedded by the stand-in.
            var sample = corpus.Passages.Take(hashing ? 200 : 0).SelectMany(p => p.Sentences.Select(s => s.Text).Prepend(p.Text)).ToList();
            if (sample.Count > 0)
            {
                clock.Restart();
                await model.GenerateAsync(sample);
                var rate = sample.Count / clock.Elapsed.TotalSeconds;
                Report("the model embedding a sample of these texts (batches of 16)", $"{rate:N0} texts/s: the whole corpus would take {texts / rate / 3600:F1} h");
            }

            clock.Restart();
            using (await LucenePassageIndex.OpenAsync(indexFolder, corpus, embedder, NullLogger.Instance))
            {
            }
            var build = clock.Elapsed;
            var bytes = Directory.GetFiles(indexFolder).Sum(f => new FileInfo(f).Length);
            Report($"index build with embeddings ({(hashing ? "stand-in vectors" : "the model")})", $"{build.TotalSeconds:F1} s ({corpus.Passages.Count / build.TotalSeconds:N1} passages/s), {bytes / 1e6:F1} MB on disk");

            clock.Restart();
            using (var reopened = await LucenePassageIndex.OpenAsync(indexFolder, corpus, new RefusingEmbedder(), NullLogger.Instance))
                Report("reopening the built index (a restart: nothing embedded)", $"{clock.Elapsed.TotalSeconds:F2} s");

            // One bot, as Program.cs builds it, on a loopback port: in-process turns use its services, HTTP turns its endpoint.
            clock.Restart();
            var (app, address) = await BotServer.StartAsync([$"--Corpus:Path={folder}", $"--Corpus:IndexPath={indexFolder}"], builder =>
            {
                builder.Logging.ClearProviders();
                builder.Services.AddSingleton(embedder);
            });
            await using var running = app;
            var host = app;
            var answerer = host.Services.GetRequiredService<Answerer>();
            await answerer.AnswerAsync("first", Questions[0], CancellationToken.None);
            Report("start-up with the index built (catalog, index, listening, first answer)", $"{clock.Elapsed.TotalSeconds:F2} s");

            var index = host.Services.GetRequiredService<IPassageIndex>();
            var vectors = host.Services.GetRequiredService<QueryVectors>();
            var questionVectors = new List<float[]>();
            foreach (var question in Questions)
                questionVectors.Add(await vectors.EmbedAsync(question, CancellationToken.None));
            var scan = Measure(200, i => index.Search("", questionVectors[i % questionVectors.Count], 12));
            Report($"vector scan of {corpus.Passages.Count:N0} passage vectors (int8, AVX2)", scan.ToString());
            var floats = FloatMatrix(corpus.Passages.Count);
            var exact = Measure(50, i => FloatScan(floats, questionVectors[i % questionVectors.Count]));
            Report($"the same scan over float vectors with TensorPrimitives.Dot, for comparison", exact.ToString());
            floats = [];
            var words = Measure(200, i => index.Search(Questions[i % Questions.Length], null, 12));
            Report("word search alone (BM25)", words.ToString());
            var hybrid = Measure(200, i => index.Search(Questions[i % Questions.Length], questionVectors[i % questionVectors.Count], 12));
            Report("hybrid search (BM25 and vectors, fused)", hybrid.ToString());

            var cached = Measure(200, i => answerer.AnswerAsync($"cached-{i}", Questions[i % Questions.Length], CancellationToken.None).GetAwaiter().GetResult());
            Report("turn, in-process, question vector cached", cached.ToString());
            var uncached = Measure(100, i => answerer.AnswerAsync($"uncached-{i}", $"{Questions[i % Questions.Length]} ({i})", CancellationToken.None).GetAwaiter().GetResult());
            Report("turn, in-process, question embedded afresh", uncached.ToString());
            var followUps = Measure(100, i => answerer.AnswerAsync($"cached-{i}", "Why?", CancellationToken.None).GetAwaiter().GetResult());
            Report("follow-up turn (\"Why?\", embedded with its thread)", followUps.ToString());

            await MeasureHttpAsync(address);

            using var self = Process.GetCurrentProcess();
            self.Refresh();
            Report("memory", $"{self.WorkingSet64 / 1e6:F0} MB resident now, {self.PeakWorkingSet64 / 1e6:F0} MB at peak (this process: the index was built in it too)");
            return 0;
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(indexFolder)!, recursive: true);
        }
    }

    /// <summary>A turn over HTTP on loopback, as the Emulator or a channel posts it (expectReplies), with and without the vector cached.</summary>
    static async Task MeasureHttpAsync(Uri address)
    {
        using var http = new HttpClient { BaseAddress = address };
        object Activity(int i, string text) => BotServer.Message($"http-{i}-{text.Length}", text);
        var cached = Measure(200, i => http.PostAsJsonAsync("/api/messages", Activity(i, Questions[i % Questions.Length])).GetAwaiter().GetResult().EnsureSuccessStatusCode());
        Report("turn over HTTP (POST /api/messages, expectReplies), vector cached", cached.ToString());
        var uncached = Measure(100, i => http.PostAsJsonAsync("/api/messages", Activity(i, $"{Questions[i % Questions.Length]} ({i} {Guid.NewGuid():N})")).GetAwaiter().GetResult().EnsureSuccessStatusCode());
        Report("turn over HTTP, question embedded afresh", uncached.ToString());
    }

    static float[] FloatMatrix(int rows)
    {
        var random = new Random(1);
        var matrix = new float[rows * ArcticXsEmbeddingGenerator.Dimensions];
        for (var i = 0; i < matrix.Length; i++)
            matrix[i] = (float)(random.NextDouble() - 0.5);
        return matrix;
    }

    static float FloatScan(float[] matrix, float[] query)
    {
        var best = float.MinValue;
        for (var row = 0; row < matrix.Length; row += query.Length)
            best = Math.Max(best, TensorPrimitives.Dot(query, matrix.AsSpan(row, query.Length)));
        return best;
    }

    static void Report(string what, string figure) => Console.WriteLine($"| {what} | {figure} |");

    sealed record Timing(double Median, double P99)
    {
        public override string ToString() => $"median {Median:F3} ms, p99 {P99:F3} ms";
    }

    static Timing Measure(int count, Action<int> action)
    {
        for (var i = 0; i < 20; i++)
            action(i);
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            action(i + 1000);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(times);
        return new Timing(times[count / 2], times[Math.Min(count - 1, (int)Math.Ceiling(count * 0.99) - 1)]);
    }

    /// <summary>An embedder that must never be asked: reopening a built index embeds nothing.</summary>
    sealed class RefusingEmbedder : IEmbeddingGenerator<string, Embedding<float>>
    {
        readonly EmbeddingGeneratorMetadata _metadata = new("none", null, ArcticXsEmbeddingGenerator.ModelId, ArcticXsEmbeddingGenerator.Dimensions);

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("A reopened index embedded something.");

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(_metadata) ? _metadata : null;

        public void Dispose()
        {
        }
    }
}

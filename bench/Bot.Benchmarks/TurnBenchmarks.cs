using System.Net.Http.Json;
using BenchmarkDotNet.Attributes;
using Bot.Answers;
using Bot.Corpus;
using Bot.Embeddings;
using Bot.Index;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Benchmarks;

/// <summary>
/// The time from a question to its composed, cited answer: in-process through the same pipeline as the
/// endpoint, and over HTTP on loopback against the real host. Run with:
/// dotnet run -c Release --project bench/Bot.Benchmarks -- --filter '*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class TurnBenchmarks
{
    WebApplication _app = null!;
    Answerer _answerer = null!;
    IPassageIndex _index = null!;
    QueryVectors _vectors = null!;
    float[] _vector = null!;
    HttpClient _http = null!;
    int _conversation;

    [GlobalSetup]
    public async Task SetUp()
    {
        (_app, var address) = await BotServer.StartAsync([], builder => builder.Logging.ClearProviders());
        _http = new HttpClient { BaseAddress = address };
        _answerer = _app.Services.GetRequiredService<Answerer>();
        _index = _app.Services.GetRequiredService<IPassageIndex>();
        _vectors = _app.Services.GetRequiredService<QueryVectors>();
        _vector = await _vectors.EmbedAsync("Is there a peace treaty between Japan and Russia?", CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task TearDown()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Benchmark(Description = "embedding: a question's vector from the model (no cache)")]
    public async Task<int> Embedding() =>
        (await _vectors.EmbedTextsAsync([$"Represent this sentence for searching relevant passages: How much oil could the rigs near Japan supply per day? {Interlocked.Increment(ref _conversation)}"], CancellationToken.None))[0].Length;

    [Benchmark(Description = "retrieval: hybrid search (BM25 and vectors, fused), vector given")]
    public int Retrieval() => _index.Search("Is there a peace treaty between Japan and Russia?", _vector, 12).Count;

    [Benchmark(Description = "turn: question to cited answer, in-process, vector cached")]
    public Task<Answer> AnswerTurn() =>
        _answerer.AnswerAsync($"bench-{Interlocked.Increment(ref _conversation)}", "How much oil could the rigs near Japan supply per day?", CancellationToken.None);

    [Benchmark(Description = "turn: question to cited answer, in-process, question embedded afresh")]
    public Task<Answer> AnswerTurnUncached()
    {
        var n = Interlocked.Increment(ref _conversation);
        return _answerer.AnswerAsync($"bench-{n}", $"How much oil could the rigs near Japan supply per day, {n}?", CancellationToken.None);
    }

    [Benchmark(Description = "follow-up pair: a question then 'Who won?', in-process, vectors cached")]
    public async Task<Answer> FollowUpTurn()
    {
        var conversation = $"bench-{Interlocked.Increment(ref _conversation)}";
        await _answerer.AnswerAsync(conversation, "Tell me about the Russo-Japanese War", CancellationToken.None);
        return await _answerer.AnswerAsync(conversation, "Who won?", CancellationToken.None);
    }

    [Benchmark(Description = "turn over HTTP: POST /api/messages with expectReplies on loopback, vector cached")]
    public async Task<string> HttpTurn()
    {
        var response = await _http.PostAsJsonAsync("/api/messages", BotServer.Message($"bench-{Interlocked.Increment(ref _conversation)}", "How much oil could the rigs near Japan supply per day?"));
        return await response.Content.ReadAsStringAsync();
    }
}

/// <summary>Loading and cleaning the corpus, and reading it into the sentence catalog.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class IngestionBenchmarks
{
    readonly string _folder = new CorpusOptions().ResolveFolder();

    [Benchmark(Description = "ingest: load, clean and cut the corpus")]
    public CorpusSnapshot Ingest() => new CorpusLoader(Microsoft.Extensions.Logging.Abstractions.NullLogger<CorpusLoader>.Instance).Load(_folder);

    [Benchmark(Description = "ingest and build the sentence catalog (stems, numbers, clauses)")]
    public SentenceCatalog Catalog() => new(Ingest());
}

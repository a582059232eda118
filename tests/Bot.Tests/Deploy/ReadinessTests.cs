using System.Net;
using Bot.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Deploy;

/// <summary>While the index is being built, the bot answers at once that it is getting ready, and says so on /healthz.</summary>
public sealed class ReadinessTests
{
    /// <summary>The real model, held back until the test lets it embed: the index build waits on it.</summary>
    sealed class HeldModel(Task release) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            await release.WaitAsync(cancellationToken);
            return await TestIndex.Model.GenerateAsync(values, options, cancellationToken);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => TestIndex.Model.GetService(serviceType, serviceKey);

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task A_question_during_the_first_index_build_is_answered_at_once_and_healthz_says_the_bot_is_getting_ready()
    {
        using var corpus = TempFolder.WithCorpusCopy();
        var release = new TaskCompletionSource();
        await using var app = new BotApp(new() { ["Corpus:Path"] = corpus.Path })
        {
            WaitUntilReady = false,
            TestServices = services => services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new HeldModel(release.Task)),
        };
        var http = app.CreateClient();
        var page = await http.GetAsync("/").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var early = await http.GetAsync("/healthz").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);

        var replies = await app.ExpectRepliesAsync(Activities.Message("Who won the Russo-Japanese War?")).WaitAsync(TimeSpan.FromSeconds(10));
        var health = await http.GetAsync("/healthz");

        Assert.Contains("getting ready", (string)replies[0]!["text"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("getting ready", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        release.SetResult();
        await app.Services.GetRequiredService<Bot.Extensions.Readiness>().WhenReady.WaitAsync(TimeSpan.FromSeconds(60));
        var answered = await app.ExpectRepliesAsync(Activities.Message("Who won the Russo-Japanese War?", "after"));
        Assert.Contains("Japan", (string)answered[0]!["text"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }
}

using Bot.Answers;
using Bot.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Index;

/// <summary>An embedding model that fails on a question is no server error: the person is told the bot cannot search just now.</summary>
public sealed class EmbeddingFaultTests
{
    /// <summary>The real model for the index's passages; a failure, as ONNX Runtime's own, for every question.</summary>
    sealed class FailingOnQuestions : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            values.Any(v => v.StartsWith("Represent this sentence", StringComparison.Ordinal))
                ? throw new InvalidOperationException("[ErrorCode:InvalidArgument] the model could not run")
                : TestIndex.Model.GenerateAsync(values, options, cancellationToken);

        public object? GetService(Type serviceType, object? serviceKey = null) => TestIndex.Model.GetService(serviceType, serviceKey);

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task A_model_that_fails_on_the_question_gets_the_cannot_search_reply_not_a_500()
    {
        await using var app = new BotApp
        {
            TestServices = services => services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new FailingOnQuestions()),
        };

        var response = await app.PostActivityAsync(Activities.Message("Who won the Russo-Japanese War?"));
        var replies = await app.ExpectRepliesAsync(Activities.Message("Is there a peace treaty?", "second"));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Answerer.CannotSearch, (string?)replies.Single()!["text"]);
    }
}

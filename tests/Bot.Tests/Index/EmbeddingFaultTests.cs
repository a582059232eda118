using Bot.Answers;
using Bot.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Index;

/// <summary>An embedding model that fails on a question is no server error: the person is told the bot cannot search just now.</summary>
public sealed class EmbeddingFaultTests
{
    /// <summary>The real model, but failing (as ONNX Runtime fails) on questions, or on any other text.</summary>
    sealed class FailingModel(bool onQuestions) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            values.Any(v => v.StartsWith("Represent this sentence", StringComparison.Ordinal)) == onQuestions
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
            TestServices = services => services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new FailingModel(onQuestions: true)),
        };

        var response = await app.PostActivityAsync(Activities.Message("Who won the Russo-Japanese War?"));
        var replies = await app.ExpectRepliesAsync(Activities.Message("Is there a peace treaty?", "second"));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Answerer.CannotSearch, (string?)replies.Single()!["text"]);
    }

    [Fact]
    public async Task A_model_that_fails_on_a_language_models_statements_gets_the_cannot_search_reply_not_a_500()
    {
        await using var model = await FakeModel.StartAsync(request =>
            new ModelReply.Text($"As of 2008 Russia and Japan still had not signed a peace treaty [{request.PassageWith("had not signed a peace treaty")}]."));
        await using var app = new BotApp(model.Settings())
        {
            TestServices = services => services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new FailingModel(onQuestions: false)),
        };

        var replies = await app.ExpectRepliesAsync(Activities.Message("Is there a peace treaty?"));

        Assert.Equal(Answerer.CannotSearch, (string?)replies.Single()!["text"]);
    }
}

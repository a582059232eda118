using Bot.Answers;
using Bot.Channels;
using Bot.Conversations;
using Bot.Corpus;
using Bot.Extensions;
using Bot.Index;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Support;

/// <summary>
/// The real answering pipeline over a corpus folder without a web host, wired by the same AddAnswering() and
/// AddChannels() as the bot, with the test run's shared model. The repository corpus is searched in the
/// run's shared index; any other corpus gets an index of its own in a temp folder.
/// </summary>
public sealed class Pipeline : IDisposable
{
    readonly TempFolder _folder = new();
    readonly IHost _host;

    public Pipeline(string corpusFolder, TimeProvider? clock = null, ConversationOptions? conversationOptions = null, Dictionary<string, string?>? settings = null, IEmbeddingGenerator<string, Embedding<float>>? model = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var indexFolder = corpusFolder == Repository.Corpus ? TestIndex.RepositoryFolder : _folder.File("index");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Corpus:Path"] = corpusFolder,
            ["Corpus:IndexPath"] = indexFolder,
            ["Feedback:Path"] = _folder.File("feedback.jsonl"),
            ["Conversations:IdleExpiry"] = (conversationOptions?.IdleExpiry ?? new ConversationOptions().IdleExpiry).ToString(),
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddAnswering();
        builder.AddChannels();
        builder.Services.AddSingleton(model ?? TestIndex.Model);
        if (clock is not null)
            builder.Services.AddSingleton(clock);
        _host = builder.Build();
        _host.Services.WarmUp();
    }

    public static Pipeline ForRepositoryCorpus() => new(Repository.Corpus);

    public IServiceProvider Services => _host.Services;
    public CorpusSnapshot Corpus => Services.GetRequiredService<CorpusSnapshot>();
    public SentenceCatalog Catalog => Services.GetRequiredService<SentenceCatalog>();
    public InMemoryConversationStore Conversations => (InMemoryConversationStore)Services.GetRequiredService<IConversationStore>();
    public Answerer Answerer => Services.GetRequiredService<Answerer>();
    public ActivityHandler Handler => Services.GetRequiredService<ActivityHandler>();
    public IPassageIndex Index => Services.GetRequiredService<IPassageIndex>();
    public QuestionReader Reader => Services.GetRequiredService<QuestionReader>();
    public string FeedbackFile => _folder.File("feedback.jsonl");

    public Task<Answer> AskAsync(string question, string conversationId = "test") =>
        Answerer.AnswerAsync(conversationId, question, CancellationToken.None);

    public void Dispose()
    {
        _host.Dispose();
        _folder.Dispose();
    }
}

using Bot.Answers;
using Bot.Channels;
using Bot.Conversations;
using Bot.Corpus;
using Bot.Index;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bot.Tests.Support;

/// <summary>The real answering pipeline over a corpus folder, with its index in a temp folder, without a web host.</summary>
public sealed class Pipeline : IDisposable
{
    readonly TempFolder _indexFolder = new();
    readonly SqlitePassageIndex _index;

    public Pipeline(string corpusFolder, TimeProvider? clock = null, ConversationOptions? conversationOptions = null)
    {
        Corpus = new CorpusLoader(NullLogger<CorpusLoader>.Instance).Load(corpusFolder);
        _index = SqlitePassageIndex.Open(_indexFolder.File("passages.sqlite"), Corpus, NullLogger.Instance);
        Catalog = new SentenceCatalog(Corpus);
        Conversations = new InMemoryConversationStore(Options.Create(conversationOptions ?? new ConversationOptions()), clock ?? TimeProvider.System);
        Answerer = new Answerer(
            Conversations,
            new EvidenceFinder(_index, Catalog),
            new ExtractiveComposer(Corpus, Catalog),
            Corpus,
            clock ?? TimeProvider.System,
            NullLogger<Answerer>.Instance);
        Handler = new ActivityHandler(Answerer, new ReplyRenderer(Corpus));
    }

    public static Pipeline ForRepositoryCorpus() => new(Repository.Corpus);

    public CorpusSnapshot Corpus { get; }
    public SentenceCatalog Catalog { get; }
    public InMemoryConversationStore Conversations { get; }
    public Answerer Answerer { get; }
    public ActivityHandler Handler { get; }
    public IPassageIndex Index => _index;

    public Task<Answer> AskAsync(string question, string conversationId = "test") =>
        Answerer.AnswerAsync(conversationId, question, CancellationToken.None);

    public void Dispose()
    {
        _index.Dispose();
        _indexFolder.Dispose();
    }
}

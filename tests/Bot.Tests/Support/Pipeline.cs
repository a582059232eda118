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
    readonly JsonLinesFeedbackLog _feedbackLog;

    public Pipeline(string corpusFolder, TimeProvider? clock = null, ConversationOptions? conversationOptions = null)
    {
        Corpus = new CorpusLoader(NullLogger<CorpusLoader>.Instance).Load(corpusFolder);
        _index = SqlitePassageIndex.Open(_indexFolder.File("passages.sqlite"), Corpus, NullLogger.Instance);
        Catalog = new SentenceCatalog(Corpus);
        Conversations = new InMemoryConversationStore(Options.Create(conversationOptions ?? new ConversationOptions()), clock ?? TimeProvider.System);
        var finder = new EvidenceFinder(_index, Catalog);
        var composer = new ExtractiveComposer(Corpus, Catalog);
        Answerer = new Answerer(
            Conversations,
            finder,
            composer,
            new FollowUpSuggester(Corpus, finder, composer, Catalog),
            Corpus,
            clock ?? TimeProvider.System,
            NullLogger<Answerer>.Instance);
        _feedbackLog = new JsonLinesFeedbackLog(Options.Create(new FeedbackOptions { Path = _indexFolder.File("feedback.jsonl") }));
        Handler = new ActivityHandler(
            Answerer,
            new ReplyRenderer(Corpus),
            new FeedbackRecorder(Conversations, _feedbackLog, clock ?? TimeProvider.System, NullLogger<FeedbackRecorder>.Instance),
            Conversations);
    }

    public static Pipeline ForRepositoryCorpus() => new(Repository.Corpus);

    public CorpusSnapshot Corpus { get; }
    public SentenceCatalog Catalog { get; }
    public InMemoryConversationStore Conversations { get; }
    public Answerer Answerer { get; }
    public ActivityHandler Handler { get; }
    public IPassageIndex Index => _index;
    public string FeedbackFile => _feedbackLog.FilePath;

    public Task<Answer> AskAsync(string question, string conversationId = "test") =>
        Answerer.AnswerAsync(conversationId, question, CancellationToken.None);

    public void Dispose()
    {
        _index.Dispose();
        _feedbackLog.Dispose();
        _indexFolder.Dispose();
    }
}

namespace Bot.Corpus;

/// <summary>What the corpus is about, from <c>metadata.json</c>; every field has a fallback for a corpus without one.</summary>
public sealed record CorpusMetadata
{
    /// <summary>A short name for what the bot knows, for the chat page's header.</summary>
    public string Title { get; init; } = "Ask the sources";

    public string Topic { get; init; } = "the documents in the corpus";

    /// <summary>Words that stand for the corpus's own subject, used when a first question names none ("Who won?").</summary>
    public string Subject { get; init; } = "";

    public IReadOnlyList<string> SuggestedQuestions { get; init; } = [];

    public IReadOnlyDictionary<string, DocumentMetadata> Documents { get; init; } = new Dictionary<string, DocumentMetadata>();
}

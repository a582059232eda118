namespace Bot.Corpus;

/// <summary>What the corpus is about, from <c>metadata.json</c>; every field has a fallback for a corpus without one.</summary>
public sealed record CorpusMetadata
{
    /// <summary>
    /// The topic a corpus without one given covers, in words its documents give of themselves: their titles,
    /// joined as English joins a list ("A, B and C"), shortened past a few.
    /// </summary>
    public static string TopicOf(IReadOnlyList<Document> documents)
    {
        var titles = documents.Select(d => d.Title.Trim().TrimEnd('.', '?', '!', ':')).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return titles.Count switch
        {
            0 => "the documents I was given",
            1 => $"\"{titles[0]}\"",
            <= 4 => $"{string.Join(", ", titles[..^1].Select(t => $"\"{t}\""))} and \"{titles[^1]}\"",
            _ => $"{string.Join(", ", titles[..3].Select(t => $"\"{t}\""))} and {titles.Count - 3} more documents",
        };
    }

    /// <summary>A short name for what the bot knows, for the chat page's header.</summary>
    public string Title { get; init; } = "Ask the sources";

    /// <summary>What the sources cover, as a phrase ("the Falklands dispute and the Panama Canal"); when not set, made from the documents' titles.</summary>
    public string Topic { get; init; } = "";

    /// <summary>Words that stand for the corpus's own subject, used when a first question names none ("Who won?").</summary>
    public string Subject { get; init; } = "";

    public IReadOnlyList<string> SuggestedQuestions { get; init; } = [];

    public IReadOnlyDictionary<string, DocumentMetadata> Documents { get; init; } = new Dictionary<string, DocumentMetadata>();
}

namespace Bot.Corpus;

/// <summary>
/// The unit that is indexed and cited: one paragraph, or a few sentences of a long one.
/// <see cref="Start"/> and <see cref="Length"/> locate the paragraph in the source file (characters),
/// so a citation can always be traced to the exact text it came from.
/// </summary>
public sealed record Passage(
    string Id,
    string DocumentId,
    string? Heading,
    int Paragraph,
    int Part,
    int Start,
    int Length,
    string Text)
{
    /// <summary>The anchor of this passage on the document's source page.</summary>
    public string Anchor => Part == 0 ? $"p{Paragraph}" : $"p{Paragraph}-{Part}";

    /// <summary>How the source page labels this passage ("¶47-1"), so that a reference reads as the page it leads to.</summary>
    public string Label => $"¶{Anchor[1..]}";

    /// <summary>
    /// The sentences an answer may quote, in order: the passage's sentences less inline credits and less any
    /// that read as page furniture, speak to a machine, or only announce what the article will do.
    /// </summary>
    public IReadOnlyList<Sentence> Sentences { get; } = Corpus.Sentences.Quotable(Text);
}

namespace Bot.Corpus;

/// <summary>A block of a cleaned document as it reads on its source page: a heading or a passage.</summary>
public sealed record DocumentBlock(string? Heading, Passage? Passage);

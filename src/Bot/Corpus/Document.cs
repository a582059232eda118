namespace Bot.Corpus;

public sealed record Document(
    string Id,
    string FileName,
    string Title,
    IReadOnlyList<Passage> Passages,
    IReadOnlyList<DocumentBlock> Blocks);

namespace Bot.Corpus;

/// <summary>A page as cleaned: its blocks, and the title-like lines it opens with, one of which is likely its title.</summary>
public sealed record CleanPage(IReadOnlyList<CleanBlock> Blocks, IReadOnlyList<string> Opening);

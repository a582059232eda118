namespace Bot.Corpus;

/// <summary>A line of content that survived cleaning, with its place in the source file.</summary>
public sealed record CleanBlock(bool IsHeading, string Text, int Start, int Length);

/// <summary>A page as cleaned: its blocks, and the title-like lines it opens with, one of which is likely its title.</summary>
public sealed record CleanPage(IReadOnlyList<CleanBlock> Blocks, IReadOnlyList<string> Opening);

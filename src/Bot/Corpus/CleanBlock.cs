namespace Bot.Corpus;

/// <summary>A line of content that survived cleaning, with its place in the source file.</summary>
public sealed record CleanBlock(bool IsHeading, string Text, int Start, int Length);

namespace Bot.Corpus;

/// <summary>A sentence of a passage; <see cref="Start"/> is its offset within the passage text.</summary>
public readonly record struct Sentence(int Start, int Length, string Text);

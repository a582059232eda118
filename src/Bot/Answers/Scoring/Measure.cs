namespace Bot.Answers;

/// <summary>
/// One measure of <see cref="SentenceMeasures"/> as the scorer and its training see it: its name (the key of
/// its weight), how to read it, and the sign its weight must have by what it means (0: either), so a few
/// training turns cannot teach that holding more of the question hurts.
/// </summary>
public sealed record Measure(string Name, Func<SentenceMeasures, double> Read, int Sign = 1);

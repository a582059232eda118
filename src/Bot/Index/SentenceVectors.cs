namespace Bot.Index;

/// <summary>
/// Each sentence's vector twice: <see cref="Alone"/>, and <see cref="InContext"/>: read after the sentence
/// before it (or the passage's heading, for the first), which says what "he", "it" and "the offer" are.
/// </summary>
public sealed record SentenceVectors(IReadOnlyList<float[]> Alone, IReadOnlyList<float[]> InContext)
{
    public static SentenceVectors None { get; } = new([], []);

    public int Count => Alone.Count;
}

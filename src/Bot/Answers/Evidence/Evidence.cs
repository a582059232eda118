namespace Bot.Answers;

/// <summary>What was found for a question: its vector and its sentences, best first.</summary>
public sealed record Evidence(float[]? QueryVector, IReadOnlyList<RankedSentence> Sentences)
{
    public static Evidence None { get; } = new(null, []);
}

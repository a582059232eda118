using Bot.Corpus;
using Bot.Index;

namespace Bot.Answers;

public sealed class PassageFacts
{
    public required Passage Passage { get; init; }
    public required IReadOnlyList<SentenceFacts> Sentences { get; init; }
    public required StemSet HeadingStems { get; init; }
    public required StemSet TitleStems { get; init; }
}

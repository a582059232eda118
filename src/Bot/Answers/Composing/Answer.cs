namespace Bot.Answers;

public sealed record Answer(AnswerKind Kind, string Text, IReadOnlyList<Citation> Citations)
{
    /// <summary>Sentences quoted from the sources, by catalog key, so a follow-up can say something new.</summary>
    public IReadOnlyList<string> QuotedSentences { get; init; } = [];

    /// <summary>The remembered turn this answer belongs to, so feedback on it can name the question; null when nothing was remembered.</summary>
    public string? TurnId { get; init; }

    /// <summary>Questions the sources answer that follow on from this one, for the person to pick.</summary>
    public IReadOnlyList<string> FollowUps { get; init; } = [];

    /// <summary>Two sources state different dates or numbers here, and the answer shows both.</summary>
    public bool SourcesDiffer { get; init; }

    /// <summary>The score of the best sentence found, answered or not: how near the sources came to the question.</summary>
    public double? Score { get; init; }

    /// <summary>The reader was unsure: the answer opens with a caveat, as the nearest the sources come, and gives no yes or no.</summary>
    public bool IsTentative { get; init; }

    /// <summary>A language model wrote the words (each sentence checked against what it cites); otherwise they are the sources' own.</summary>
    public bool IsGenerated { get; init; }

    public static Answer Prompt(string text) => new(AnswerKind.Prompt, text, []);
}

namespace Bot.Answers;

/// <summary>What a composer is given: the question as read and the sentences found for it, best first.</summary>
public sealed record AnswerRequest(Question Question, IReadOnlyList<RankedSentence> Evidence)
{
    /// <summary>The conversation the turn belongs to, for the log.</summary>
    public string ConversationId { get; init; } = "";

    /// <summary>When the turn began (<see cref="TimeProvider.GetTimestamp"/>), so all its model calls share one time budget; 0 for none.</summary>
    public long StartedAt { get; init; }

    /// <summary>The conversation's earlier questions, oldest first, for a composer that reads the question in their light.</summary>
    public IReadOnlyList<string> EarlierQuestions { get; init; } = [];

    /// <summary>The sentences the previous answer gave as its answer, by catalog key.</summary>
    public IReadOnlySet<string> QuotedLastTurn { get; init; } = new HashSet<string>();

    /// <summary>Every sentence the previous answer quoted, the other sources' included, by catalog key.</summary>
    public IReadOnlySet<string> SaidLastTurn { get; init; } = new HashSet<string>();

    /// <summary>Where the channel shows an answer as it is written, if it can; null when it cannot.</summary>
    public IAnswerDraft? Draft { get; init; }
}

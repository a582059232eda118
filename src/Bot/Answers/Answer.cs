using Bot.Corpus;

namespace Bot.Answers;

public enum AnswerKind
{
    /// <summary>The sources answer the question; the text carries [n] markers for <see cref="Answer.Citations"/>.</summary>
    Answered,

    /// <summary>The sources do not answer it; nothing is cited.</summary>
    NotFound,

    /// <summary>There was no question to answer (an empty or oversized message); nothing is cited.</summary>
    Prompt,
}

/// <summary>A source an answer cites: the marker [<see cref="Position"/>] in the text stands for this passage.</summary>
public sealed record Citation(int Position, Passage Passage, string DocumentTitle);

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

    /// <summary>A language model wrote the words (each sentence checked against what it cites); otherwise they are the sources' own.</summary>
    public bool IsGenerated { get; init; }

    public static Answer Prompt(string text) => new(AnswerKind.Prompt, text, []);
}

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

    /// <summary>Where the channel shows an answer as it is written, if it can; null when it cannot.</summary>
    public IAnswerDraft? Draft { get; init; }
}

/// <summary>
/// Turns found evidence into the reply's words. A seam: the extractive composer quotes the sources; a
/// language model may compose instead, as long as its citations stay true.
/// </summary>
public interface IAnswerComposer
{
    ValueTask<Answer> ComposeAsync(AnswerRequest request, CancellationToken cancellationToken);
}

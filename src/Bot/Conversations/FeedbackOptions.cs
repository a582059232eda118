namespace Bot.Conversations;

public sealed class FeedbackOptions
{
    public const string Section = "Feedback";

    /// <summary>Likes and dislikes one conversation may record per minute; past it a press is answered 429.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int PerMinute { get; set; } = 20;

    /// <summary>The longest comment kept with a dislike, in characters; a longer one is cut there.</summary>
    [System.ComponentModel.DataAnnotations.Range(10, 100_000)]
    public int MaxCommentLength { get; set; } = 1_000;

    /// <summary>Declined questions one conversation may have noted per minute for the operator; past it they are not noted.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int DeclinedPerConversationPerMinute { get; set; } = 10;

    /// <summary>Declined questions noted per minute from all conversations together, so anonymous traffic cannot grow the log without bound.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int DeclinedPerMinute { get; set; } = 120;

    /// <summary>The JSON-lines file feedback is appended to; by default <c>feedback/feedback.jsonl</c> beside the app.</summary>
    public string? Path { get; set; }

    public string ResolvePath() => System.IO.Path.GetFullPath(Path ?? System.IO.Path.Combine(AppContext.BaseDirectory, "feedback", "feedback.jsonl"));
}

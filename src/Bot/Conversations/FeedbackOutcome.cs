namespace Bot.Conversations;

/// <summary>What became of a like or dislike.</summary>
public enum FeedbackOutcome
{
    Recorded,

    /// <summary>It named no answer the bot remembers giving in this conversation, or no reaction: not recorded.</summary>
    Ignored,

    /// <summary>The conversation is pressing faster than feedback is taken: not recorded, and the caller says 429.</summary>
    TooFast,
}

namespace Bot.Conversations;

/// <summary>
/// A person's like or dislike of one answer, with the question and answer it was about where the bot still
/// remembers them; or, with <see cref="FeedbackRecord.Declined"/> as its reaction, a question the bot could not
/// answer from its sources, and with <see cref="FeedbackRecord.AnsweredWithCaveat"/>, one it answered only with
/// the nearest they come. Together they show an operator where the sources fall short.
/// </summary>
public sealed record FeedbackRecord(
    DateTimeOffset At,
    string ConversationId,
    string? ChannelId,
    string Reaction,
    string? Comment,
    string? TurnId,
    string? Question,
    string? Answer)
{
    /// <summary>The reaction of a record the bot wrote itself: it found no answer to the question.</summary>
    public const string Declined = "declined";

    /// <summary>The reaction of a record the bot wrote itself: it answered only with the caveat that its sources may not answer exactly.</summary>
    public const string AnsweredWithCaveat = "answered_with_caveat";
}

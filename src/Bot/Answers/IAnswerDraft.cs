namespace Bot.Answers;

/// <summary>
/// A channel's way of showing an answer while it is being written (Teams' streaming protocol, Web Chat's
/// live bubble). What it shows is a draft: the reply sent at the end of the turn replaces it, and only that
/// reply has been checked against the sources.
/// </summary>
public interface IAnswerDraft
{
    /// <summary>Says what the bot is doing before the first words come ("Reading the sources…").</summary>
    ValueTask InformAsync(string status, CancellationToken cancellationToken);

    /// <summary>The answer so far, as written; each call's text extends the last one's.</summary>
    ValueTask ShowAsync(string textSoFar, CancellationToken cancellationToken);
}

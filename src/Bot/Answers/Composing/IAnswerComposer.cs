namespace Bot.Answers;

/// <summary>
/// Turns found evidence into the reply's words. A seam: the extractive composer quotes the sources; a
/// language model may compose instead, as long as its citations stay true.
/// </summary>
public interface IAnswerComposer
{
    ValueTask<Answer> ComposeAsync(AnswerRequest request, CancellationToken cancellationToken);
}

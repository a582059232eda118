namespace Bot.Conversations;

/// <summary>Where feedback is kept for an operator to read: a JSON-lines file, or the shared database.</summary>
public interface IFeedbackLog
{
    ValueTask AppendAsync(FeedbackRecord record, CancellationToken cancellationToken);

    /// <summary>The records since a moment, newest first, at most <paramref name="limit"/>.</summary>
    ValueTask<IReadOnlyList<FeedbackRecord>> ReadAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken);
}

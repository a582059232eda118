using Bot.Conversations;

namespace Bot.Answers;

/// <summary>
/// Restates a follow-up ("which treaty ended it?") as a question that stands alone, before retrieval. A seam:
/// with a language model configured it restates; without one there is no rewriter and the reader's own
/// reading of the thread stands.
/// </summary>
public interface IFollowUpRewriter
{
    /// <summary>The follow-up read as a standalone question, or null to keep the offline reading.</summary>
    Task<Question?> RewriteAsync(Question question, IReadOnlyList<TurnRecord> history, string conversationId, long turnStarted, CancellationToken cancellationToken);
}

namespace Bot.Conversations;

/// <summary>
/// Where conversations' recent turns are kept between messages. A seam: memory today, a database shared
/// by several instances later.
/// </summary>
public interface IConversationStore
{
    /// <summary>The conversation's recent turns, oldest first; empty for a new or expired conversation.</summary>
    ValueTask<IReadOnlyList<TurnRecord>> RecentTurnsAsync(string conversationId, CancellationToken cancellationToken);

    ValueTask AppendAsync(string conversationId, TurnRecord turn, CancellationToken cancellationToken);

    /// <summary>Notes the id the channel gave a turn's answer, so feedback that names only that id (Teams) finds its turn.</summary>
    ValueTask RecordReplyIdAsync(string conversationId, string turnId, string replyId, CancellationToken cancellationToken);
}

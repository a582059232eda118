using Bot.BotFramework;

namespace Bot.Channels.DirectLine;

/// <summary>
/// Where web chat conversations and their activities live between polls. A seam: this process's memory
/// today, a database that several instances share later.
/// </summary>
public interface IDirectLineStore
{
    /// <summary>Starts the conversation if it is not already under way; false when it was (a second start is a reconnect).</summary>
    ValueTask<bool> StartAsync(string conversationId, CancellationToken cancellationToken);

    ValueTask<bool> ExistsAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>
    /// Adds an activity to the conversation's stream, giving it its id, and returns it as stored; null when
    /// the conversation has ended.
    /// </summary>
    ValueTask<Activity?> AppendAsync(string conversationId, Activity activity, CancellationToken cancellationToken);

    /// <summary>The activities after the watermark (all kept ones when it is null); null when the conversation has ended.</summary>
    ValueTask<ActivityPage?> ReadAsync(string conversationId, long? afterWatermark, CancellationToken cancellationToken);
}

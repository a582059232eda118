using Bot.BotFramework;
namespace Bot.Channels.DirectLine;

/// <summary>
/// Runs a web chat turn behind the conversation's earlier ones; its replies join the stream, stamped as the
/// channel would. The same way for a message just posted and for one taken over from a stopped instance.
/// </summary>
public sealed class WebChatTurns(ActivityHandler handler, BackgroundTurns queue, IDirectLineStore store, TimeProvider time)
{
    /// <summary>Whether the conversation may post now (an activity of this many bytes) without overfilling the turn queue.</summary>
    public bool HasRoomFor(string conversationId, long bytes = 0) => queue.HasRoomFor(conversationId, bytes);

    /// <summary>Runs the turn of a message already stored: it must be answered, so it is queued even past the bound.</summary>
    public void Run(Activity activity, string conversationId, Uri publicBase)
    {
        activity.Caller = Caller;
        queue.TryEnqueue(conversationId, activity.ReceivedBytes, stopping => handler.HandleAsync(
            activity,
            publicBase,
            async (reply, token) =>
            {
                reply.Timestamp = DirectLineEndpoints.Timestamp(time);
                reply.ServiceUrl = null;
                var stored = await store.AppendAsync(conversationId, reply, token).ConfigureAwait(false);
                return stored?.Id;
            },
            stopping), evenIfFull: true);
    }

    /// <summary>What a web chat's conversations are remembered under: only the bot's own Direct Line reaches them.</summary>
    public const string Caller = "webchat";
}

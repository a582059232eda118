namespace Bot.Channels.DirectLine;

/// <summary>
/// Runs a web chat turn behind the conversation's earlier ones; its replies join the stream, stamped as the
/// channel would. The same way for a message just posted and for one taken over from a stopped instance.
/// </summary>
public sealed class WebChatTurns(ActivityHandler handler, BackgroundTurns queue, IDirectLineStore store, TimeProvider time)
{
    public void Run(Activity activity, string conversationId, Uri publicBase) =>
        queue.Enqueue(conversationId, stopping => handler.HandleAsync(
            activity,
            publicBase,
            async (reply, token) =>
            {
                reply.Timestamp = DirectLineEndpoints.Timestamp(time);
                reply.ServiceUrl = null;
                var stored = await store.AppendAsync(conversationId, reply, token).ConfigureAwait(false);
                return stored?.Id;
            },
            stopping));
}

using System.Text.Json.Nodes;
using Bot.Answers;
using Bot.Conversations;

namespace Bot.Channels;

/// <summary>Sends one reply on the channel the turn came from; returns the id the channel gave it, if any.</summary>
public delegate ValueTask<string?> SendReply(Activity reply, CancellationToken cancellationToken);

/// <summary>
/// What the bot does with an activity, whichever channel brought it: a message is answered (after a typing
/// indicator), an added member is welcomed, a like or dislike is recorded, and anything else is quietly accepted.
/// </summary>
public sealed class ActivityHandler(Answerer answerer, ReplyRenderer renderer, FeedbackRecorder feedback)
{
    /// <summary>The event Web Chat posts when a like or dislike button under an answer is pressed.</summary>
    public const string WebChatFeedbackEvent = "webchat:activity-status/feedback";

    public async Task HandleAsync(Activity activity, Uri publicBase, SendReply send, CancellationToken cancellationToken)
    {
        switch (activity.Type)
        {
            case ActivityTypes.Message:
                var conversationId = activity.Conversation?.Id ?? "";
                await send(ReplyRenderer.Typing(activity), cancellationToken).ConfigureAwait(false);
                var answer = await answerer.AnswerAsync(conversationId, activity.Text, cancellationToken).ConfigureAwait(false);
                await send(renderer.Render(activity, answer, publicBase), cancellationToken).ConfigureAwait(false);
                break;

            case ActivityTypes.ConversationUpdate when activity.MembersAdded is { Count: > 0 } added:
                var botId = activity.Recipient?.Id;
                foreach (var member in added.Where(member => member.Id is not null && member.Id != botId))
                    await send(renderer.Welcome(activity, answerer.Invitation(), member), cancellationToken).ConfigureAwait(false);
                break;

            // Some Web Chat pages announce a new visitor with an event instead of a conversationUpdate.
            case ActivityTypes.Event when activity.Name is "webchat/join":
                await send(renderer.Welcome(activity, answerer.Invitation()), cancellationToken).ConfigureAwait(false);
                break;

            case ActivityTypes.Event when activity.Name is WebChatFeedbackEvent:
                await feedback.RecordAsync(activity, WebChatReaction(activity), comment: null, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>The turn as the replies it would send, for callers that return them rather than send them (expectReplies, the terminal).</summary>
    public async Task<IReadOnlyList<Activity>> HandleAsync(Activity activity, Uri publicBase, CancellationToken cancellationToken)
    {
        var replies = new List<Activity>();
        await HandleAsync(
            activity,
            publicBase,
            (reply, _) =>
            {
                // A typing indicator means nothing once the answer is already in hand.
                if (reply.Type != ActivityTypes.Typing)
                    replies.Add(reply);
                return ValueTask.FromResult<string?>(null);
            },
            cancellationToken).ConfigureAwait(false);
        return replies;
    }

    /// <summary>Web Chat sends back the action the bot offered: its type says which button, its object says which answer.</summary>
    static (string? Reaction, string? TurnId) WebChatReaction(Activity activity)
    {
        var action = activity.Entities?.FirstOrDefault(e => e?["@type"] is JsonValue);
        var reaction = action?["@type"]?.GetValue<string>() switch
        {
            "LikeAction" => "like",
            "DislikeAction" => "dislike",
            _ => null,
        };
        var turnId = action?["object"]?["@id"] is JsonValue id && id.TryGetValue<string>(out var value) ? value : null;
        return (reaction, turnId);
    }
}

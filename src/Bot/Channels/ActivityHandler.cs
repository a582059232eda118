using Bot.Answers;

namespace Bot.Channels;

/// <summary>
/// What the bot does with an activity, whichever channel brought it: a message is answered, an added
/// member is welcomed, and anything else is quietly accepted.
/// </summary>
public sealed class ActivityHandler(Answerer answerer, ReplyRenderer renderer)
{
    public async Task<IReadOnlyList<Activity>> HandleAsync(Activity activity, Uri publicBase, CancellationToken cancellationToken)
    {
        switch (activity.Type)
        {
            case ActivityTypes.Message:
                var conversationId = activity.Conversation?.Id ?? "";
                var answer = await answerer.AnswerAsync(conversationId, activity.Text, cancellationToken).ConfigureAwait(false);
                return [renderer.Render(activity, answer, publicBase)];

            case ActivityTypes.ConversationUpdate when activity.MembersAdded is { Count: > 0 } added:
                var botId = activity.Recipient?.Id;
                return [.. added
                    .Where(member => member.Id is not null && member.Id != botId)
                    .Select(member => renderer.Welcome(activity, answerer.Invitation(), member))];

            // Web Chat announces a new visitor with an event instead of a conversationUpdate.
            case ActivityTypes.Event when activity.Name is "webchat/join":
                return [renderer.Welcome(activity, answerer.Invitation())];

            default:
                return [];
        }
    }
}

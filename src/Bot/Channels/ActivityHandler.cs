using System.Text.Json.Nodes;
using Bot.Answers;
using Bot.BotFramework;
using Bot.Conversations;
using Bot.Storage;
using Bot.Telemetry;

namespace Bot.Channels;

/// <summary>
/// What the bot does with an activity, whichever channel brought it: a message is answered (after a typing
/// indicator), an added member is welcomed, a like or dislike is recorded, and anything else is quietly accepted.
/// </summary>
public sealed partial class ActivityHandler(
    Lazy<Answerer> answerer,
    ReplyRenderer renderer,
    FeedbackRecorder feedback,
    IConversationStore conversations,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<ChannelOptions> options,
    BotTelemetry telemetry,
    Bot.Extensions.Readiness readiness,
    ILogger<ActivityHandler> logger)
{
    /// <summary>What the bot says when answering failed for a reason of its own: the person loses nothing by asking again.</summary>
    public const string SomethingWentWrong = "Something went wrong on my side while answering that, and it has been logged. Please ask again, perhaps in other words.";

    /// <summary>The event Web Chat posts when a like or dislike button under an answer is pressed.</summary>
    public const string WebChatFeedbackEvent = "webchat:activity-status/feedback";

    public async Task HandleAsync(Activity activity, Uri publicBase, SendReply send, CancellationToken cancellationToken)
    {
        switch (activity.Type)
        {
            case ActivityTypes.Message:
                await AnswerAsync(activity, publicBase, send, cancellationToken).ConfigureAwait(false);
                break;

            case ActivityTypes.ConversationUpdate when activity.MembersAdded is { Count: > 0 } added:
                var botId = activity.Recipient?.Id;
                foreach (var member in added.Where(member => member?.Id is not null && member.Id != botId))
                    await send(renderer.Welcome(activity, member), cancellationToken).ConfigureAwait(false);
                break;

            // Some Web Chat pages announce a new visitor with an event instead of a conversationUpdate.
            case ActivityTypes.Event when activity.Name is "webchat/join":
                await send(renderer.Welcome(activity), cancellationToken).ConfigureAwait(false);
                break;

            case ActivityTypes.Event when activity.Name is WebChatFeedbackEvent:
                await feedback.RecordAsync(SourceOf(activity), WebChatReaction(activity), comment: null, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>A question's turn, traced as one span with retrieval, composition and the reply's sending inside it.</summary>
    async Task AnswerAsync(Activity activity, Uri publicBase, SendReply send, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var conversationId = activity.ConversationKey;
        using var span = BotTelemetry.Source.StartActivity("turn");
        span?.SetTag("bot.conversation_id", activity.Conversation?.Id);
        span?.SetTag("bot.channel", activity.ChannelId);
        if (readiness.IsGettingReady)
        {
            // The index is still being opened or built: waiting would hold the request for as long; say so now.
            await send(renderer.Render(activity, Answer.Prompt(Bot.Extensions.Readiness.GettingReady), publicBase), cancellationToken).ConfigureAwait(false);
            span?.SetTag("bot.outcome", "getting_ready");
            return;
        }
        await send(ReplyRenderer.Typing(activity), cancellationToken).ConfigureAwait(false);
        using var draft = StreamedReply.For(activity, send, time, options.Value.DraftInterval);
        Answer answer;
        try
        {
            answer = await answerer.Value.AnswerAsync(conversationId, WithoutBotMention(activity), cancellationToken, draft).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A fault of the bot's own (the Bot Framework SDK's OnTurnError does the same): the person is told, in the
            // conversation, rather than the channel getting a 500 it shows as a failed send; the operator finds why.
            LogTurnFailed(logger, conversationId, e);
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.GetType().Name);
            answer = Answer.Prompt(SomethingWentWrong);
        }
        var reply = renderer.Render(activity, answer, publicBase);
        if (draft is not null)
            reply = await draft.FinishAsync(reply, cancellationToken).ConfigureAwait(false);
        string? replyId;
        using (BotTelemetry.Source.StartActivity("reply send"))
            replyId = await send(reply, cancellationToken).ConfigureAwait(false);
        await RememberReplyIdAsync(conversationId, answer, replyId, cancellationToken).ConfigureAwait(false);
        if (answer.Kind == AnswerKind.NotFound)
            feedback.NoteShortfall(SourceOf(activity), WithoutBotMention(activity), answer.Text);
        else if (answer.IsTentative)
            feedback.NoteShortfall(SourceOf(activity), WithoutBotMention(activity), answer.Text, FeedbackRecord.AnsweredWithCaveat);
        var outcome = answer.Kind switch
        {
            // An answer given with the caveat that it is only the nearest the sources come: a rising share of these
            // tells the operator people ask what the sources barely cover.
            AnswerKind.Answered when answer.IsTentative => "answered_with_caveat",
            AnswerKind.Answered => "answered",
            AnswerKind.NotFound => "not_found",
            _ => "prompt",
        };
        span?.SetTag("bot.outcome", outcome);
        span?.SetTag("bot.citations", answer.Citations.Count);
        telemetry.TurnCompleted(activity.ChannelId, outcome, time.GetElapsedTime(started));
    }

    static FeedbackSource SourceOf(Activity activity) => new(activity.ConversationKey, activity.Conversation?.Id ?? "", activity.ChannelId);

    /// <summary>The id the channel gave the answer, so a like pressed under it finds its question.</summary>
    async Task RememberReplyIdAsync(string conversationId, Answer answer, string? replyId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(replyId) || answer.TurnId is not { } turnId)
            return;
        try
        {
            await conversations.RecordReplyIdAsync(conversationId, turnId, replyId, cancellationToken).ConfigureAwait(false);
        }
        catch (ConversationDatabaseUnavailableException)
        {
            // Logged by the database: a like of this answer will be recorded without its question.
        }
    }

    /// <summary>
    /// An invoke's response, or null when the bot does not handle that invoke. Teams sends the like and
    /// dislike buttons' presses as <c>message/submitAction</c>, which must be answered 200 with <c>{}</c>
    /// (429 when a conversation presses faster than feedback is taken).
    /// </summary>
    public async Task<FeedbackOutcome?> InvokeAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.Name != "message/submitAction")
            return null;
        var value = activity.Value;
        if (value is { ValueKind: System.Text.Json.JsonValueKind.Object } v
            && v.TryGetProperty("actionName", out var name) && name.ValueKind == System.Text.Json.JsonValueKind.String && name.GetString() == "feedback"
            && v.TryGetProperty("actionValue", out var action) && action.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            var reaction = action.TryGetProperty("reaction", out var r) && r.ValueKind == System.Text.Json.JsonValueKind.String ? r.GetString() : null;
            return await feedback.RecordAsync(
                SourceOf(activity),
                (reaction is "like" or "dislike" ? reaction : null, null),
                TeamsComment(action),
                cancellationToken,
                replyId: activity.ReplyToId).ConfigureAwait(false);
        }
        return FeedbackOutcome.Ignored;
    }

    /// <summary>Teams sends the feedback form's text as a JSON string inside the action: {"feedbackText": "..."}.</summary>
    static string? TeamsComment(System.Text.Json.JsonElement action)
    {
        if (!action.TryGetProperty("feedback", out var feedback) || feedback.ValueKind != System.Text.Json.JsonValueKind.String)
            return null;
        var text = feedback.GetString();
        try
        {
            return JsonFields.Text(JsonNode.Parse(text ?? ""), "feedbackText") is { Length: > 0 } comment ? comment : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return string.IsNullOrWhiteSpace(text) ? null : text;
        }
    }

    /// <summary>
    /// In a Teams channel or group chat the question arrives as "&lt;at&gt;Bot&lt;/at&gt; Who won?": the mention of
    /// the bot is how it was addressed, not part of the question.
    /// </summary>
    internal static string? WithoutBotMention(Activity activity)
    {
        var text = activity.Text;
        if (string.IsNullOrEmpty(text))
            return text;
        foreach (var mention in activity.Entities ?? [])
        {
            if (JsonFields.Text(mention, "type") == "mention"
                && JsonFields.Text(JsonFields.Child(mention, "mentioned"), "id") == activity.Recipient?.Id
                && JsonFields.Text(mention, "text") is { Length: > 0 } mentionText)
                text = text.Replace(mentionText, "", StringComparison.OrdinalIgnoreCase);
        }
        // Without an entity, a tag naming the bot is still the bot; anyone else mentioned stays, as a name.
        return MentionTag().Replace(text, m => string.Equals(m.Groups[1].Value.Trim(), activity.Recipient?.Name, StringComparison.OrdinalIgnoreCase) ? "" : m.Groups[1].Value).Trim();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Conversation {ConversationId}: answering failed; the person was asked to try again")]
    static partial void LogTurnFailed(ILogger logger, string conversationId, Exception exception);

    [System.Text.RegularExpressions.GeneratedRegex("<at>([^<]*)</at>", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex MentionTag();

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
        var action = activity.Entities?.FirstOrDefault(e => JsonFields.Text(e, "@type") is not null);
        var reaction = JsonFields.Text(action, "@type") switch
        {
            "LikeAction" => "like",
            "DislikeAction" => "dislike",
            _ => null,
        };
        var turnId = JsonFields.Text(JsonFields.Child(action, "object"), "@id");
        return (reaction, turnId);
    }
}

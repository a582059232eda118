using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Answers;
using Bot.BotFramework;
using Bot.Corpus;

namespace Bot.Channels;

/// <summary>
/// Writes answers as Bot Framework message activities: markdown text with [n] markers, a Sources list a
/// person can read, link reference definitions that Web Chat turns into citation links, and one
/// schema.org Message entity whose claims describe each cited passage.
/// </summary>
public sealed class ReplyRenderer(CorpusSnapshot corpus)
{
    const int MaxAbstract = 160;
    const int MaxName = 80;
    const int MaxCitations = 20;

    public static Activity ReplyTo(Activity inbound, string? text) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = inbound.ChannelId,
        ServiceUrl = inbound.ServiceUrl,
        From = inbound.Recipient,
        Recipient = inbound.From,
        Conversation = inbound.Conversation,
        ReplyToId = inbound.Id,
        Locale = inbound.Locale,
        TextFormat = "markdown",
        Text = text,
    };

    public Activity Render(Activity inbound, Answer answer, Uri publicBase)
    {
        var reply = ReplyTo(inbound, answer.Text);
        if (answer.Kind == AnswerKind.Prompt)
        {
            reply.SuggestedActions = Suggestions(corpus.Metadata.SuggestedQuestions);
            return reply;
        }
        if (answer.Kind != AnswerKind.Answered || answer.Citations.Count == 0)
        {
            reply.SuggestedActions = Suggestions(corpus.Metadata.SuggestedQuestions);
            reply.Entities = [MessageEntity(answer, publicBase)];
            AskTeamsForFeedback(inbound, reply);
            return reply;
        }

        var text = new StringBuilder(answer.Text);
        // Web Chat lists the references itself, from the definitions below; other channels get a list to read.
        if (!DrawsOwnReferences(inbound.ChannelId))
        {
            text.Append("\n\n**Sources**\n");
            foreach (var citation in answer.Citations)
            {
                var where = citation.Passage.Heading is { } heading ? $"{heading}, {citation.Passage.Label}" : citation.Passage.Label;
                text.Append($"\n{citation.Position}. [{Escape(citation.DocumentTitle)}]({SourceUrl(publicBase, citation.Passage)}) ({Escape(where)})");
            }
        }
        text.Append("\n\n");
        foreach (var citation in answer.Citations)
            text.Append($"[{citation.Position}]: {SourceUrl(publicBase, citation.Passage)} \"{citation.DocumentTitle.Replace("\"", "'", StringComparison.Ordinal)}\"\n");
        reply.Text = text.ToString().TrimEnd();
        reply.Entities = [MessageEntity(answer, publicBase)];
        reply.SuggestedActions = Suggestions(answer.FollowUps);
        AskTeamsForFeedback(inbound, reply);
        return reply;
    }

    /// <summary>Teams draws its like and dislike buttons (and a comment box) for this, and sends presses as message/submitAction.</summary>
    static void AskTeamsForFeedback(Activity inbound, Activity reply)
    {
        if (inbound.ChannelId != "msteams")
            return;
        reply.ChannelData = new JsonObject
        {
            ["feedbackLoop"] = new JsonObject { ["type"] = "default" },
            // Clients older than the feedbackLoop object look for this flag.
            ["feedbackLoopEnabled"] = true,
        };
    }

    /// <summary>"The bot is writing": shown by the channel until the answer arrives.</summary>
    public static Activity Typing(Activity inbound)
    {
        var typing = ReplyTo(inbound, text: null);
        typing.Type = ActivityTypes.Typing;
        typing.TextFormat = null;
        return typing;
    }

    /// <summary>Web Chat, on its own Direct Line or Azure's, renders link reference definitions as a references list.</summary>
    static bool DrawsOwnReferences(string? channelId) => channelId is "webchat" or "directline";

    public Activity Welcome(Activity inbound, ChannelAccount? member = null)
    {
        var reply = ReplyTo(inbound, corpus.Metadata.SuggestedQuestions.Count > 0
            ? $"Hello! I answer questions about {corpus.Metadata.Topic}, from {corpus.Documents.Count} source texts, and I cite the passage behind every sentence. Try one of these, or ask your own."
            : $"Hello! {Bot.Answers.Answerer.InvitationTo(corpus.Metadata)}");
        reply.Recipient = member ?? inbound.From;
        reply.SuggestedActions = Suggestions(corpus.Metadata.SuggestedQuestions);
        return reply;
    }

    public static Uri SourceUrl(Uri publicBase, Passage passage) =>
        new(publicBase, $"sources/{Uri.EscapeDataString(passage.DocumentId)}#{passage.Anchor}");

    /// <summary>At most three: Teams shows no more, and more than three is a menu, not a suggestion.</summary>
    static SuggestedActions? Suggestions(IReadOnlyList<string> questions) =>
        questions.Count == 0
            ? null
            : new SuggestedActions([.. questions.Take(3).Select(q => new CardAction("imBack", q, q))]);

    static JsonObject MessageEntity(Answer answer, Uri publicBase)
    {
        var claims = new JsonArray();
        // Teams shows at most 20 citations; more would be refused, not trimmed.
        foreach (var citation in answer.Citations.Take(MaxCitations))
        {
            claims.Add(new JsonObject
            {
                ["@type"] = "Claim",
                ["position"] = citation.Position,
                ["appearance"] = new JsonObject
                {
                    ["@type"] = "DigitalDocument",
                    ["name"] = Shorten(citation.DocumentTitle, MaxName),
                    ["abstract"] = Shorten(Sentences.WithoutAttributions(citation.Passage.Text), MaxAbstract),
                    ["url"] = SourceUrl(publicBase, citation.Passage).ToString(),
                },
            });
        }
        var entity = new JsonObject
        {
            ["type"] = "https://schema.org/Message",
            ["@type"] = "Message",
            ["@context"] = "https://schema.org",
            ["@id"] = "",
            ["additionalType"] = new JsonArray("AIGeneratedContent"),
        };
        if (claims.Count > 0)
            entity["citation"] = claims;
        if (answer.TurnId is { } turnId)
        {
            // Web Chat draws like and dislike buttons for these and posts back the one pressed, object and all,
            // which is how the feedback finds its answer.
            entity["potentialAction"] = new JsonArray(
                new JsonObject { ["@type"] = "LikeAction", ["object"] = new JsonObject { ["@type"] = "Message", ["@id"] = turnId } },
                new JsonObject { ["@type"] = "DislikeAction", ["object"] = new JsonObject { ["@type"] = "Message", ["@id"] = turnId } });
        }
        return entity;
    }

    /// <summary>Cuts at a word boundary and marks the cut, so an abstract never ends mid-word.</summary>
    internal static string Shorten(string text, int max)
    {
        if (text.Length <= max)
            return text;
        var cut = text.LastIndexOf(' ', max - 1);
        if (cut < max / 2)
            cut = max - 1;
        return string.Concat(text.AsSpan(0, cut).TrimEnd(" ,;:".AsSpan()), "…");
    }

    static string Escape(string text) => text.Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal);

    internal static string Serialize(Activity activity) => JsonSerializer.Serialize(activity, ActivityJson.Options);
}

using System.Net;
using Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Channels;

/// <summary>
/// Whose conversation is whose: a caller on one way in cannot reach a web chat visitor's context or
/// feedback by naming its conversation id, and feedback is taken only for answers the bot gave, at a rate.
/// </summary>
public sealed class ConversationScopeTests
{
    static string Feedback(BotApp app) => File.Exists(app.FeedbackFile) ? File.ReadAllText(app.FeedbackFile) : "";

    [Fact]
    public async Task A_follow_up_posted_to_the_bot_endpoint_under_a_web_chat_s_conversation_id_is_not_read_in_that_chat_s_context()
    {
        await using var app = new BotApp();
        var chat = await DirectLineClient.FromPageTokenAsync(app.CreateClient());
        await chat.StartAsync();
        await chat.AskAsync("Did Medvedev visit the Kuril Islands?");

        var intruder = Activities.Message("When did he visit again?", chat.ConversationId);
        intruder["channelId"] = "directline";
        var replies = await app.ExpectRepliesAsync(intruder);
        var visitor = await chat.AskAsync("When did he visit again?");

        Assert.DoesNotContain("2012", (string?)replies.Single()!["text"], StringComparison.Ordinal);
        Assert.Contains("2012", (string?)visitor["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feedback_is_recorded_only_for_an_answer_the_bot_gave_in_that_conversation()
    {
        await using var app = new BotApp();
        var chat = await DirectLineClient.FromPageTokenAsync(app.CreateClient());
        await chat.StartAsync();
        var answer = await chat.AskAsync("Who won the Russo-Japanese War?");

        // Someone else, on the bot endpoint, names the visitor's conversation and answer.
        var intruding = Activities.Feedback(chat.ConversationId, "DislikeAction", Activities.TurnIdOf(answer));
        intruding["channelId"] = "directline";
        (await app.PostActivityAsync(intruding)).EnsureSuccessStatusCode();
        // The visitor names a turn id the bot never issued.
        (await chat.PostAsync(new { type = "event", name = "webchat:activity-status/feedback", entities = new[] { new Dictionary<string, object> { ["@type"] = "LikeAction", ["object"] = new Dictionary<string, object> { ["@id"] = "made-up" } } } })).EnsureSuccessStatusCode();
        await chat.PollUntilAsync(_ => true);
        // The visitor likes the answer it was given.
        (await chat.PostAsync(new { type = "event", name = "webchat:activity-status/feedback", entities = new[] { new Dictionary<string, object> { ["@type"] = "LikeAction", ["object"] = new Dictionary<string, object> { ["@id"] = Activities.TurnIdOf(answer) } } } })).EnsureSuccessStatusCode();

        for (var i = 0; i < 200 && !Feedback(app).Contains("\"like\"", StringComparison.Ordinal); i++)
            await Task.Delay(25);
        var lines = Feedback(app).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.Contains("\"reaction\":\"like\"", line, StringComparison.Ordinal);
        Assert.Contains("\"question\":\"Who won the Russo-Japanese War?\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Teams_feedback_is_taken_at_a_bounded_rate_and_a_long_comment_is_cut()
    {
        await using var channel = await FakeChannel.StartAsync();
        await using var app = new BotApp(new() { ["Feedback:PerMinute"] = "3", ["Feedback:MaxCommentLength"] = "50" });
        var question = Activities.Message("Who won the Russo-Japanese War?", "teams-feedback", channel.ServiceUrl.ToString(), expectReplies: false);
        question["channelId"] = "msteams";
        await app.PostActivityAsync(question);
        var reply = await channel.NextReplyAsync(TimeSpan.FromSeconds(20));
        // The bot notes the id the channel gave its reply once the send returns: press after the turn is over.
        var turns = app.Services.GetRequiredService<Bot.Channels.BackgroundTurns>();
        for (var i = 0; i < 400 && turns.Pending > 0; i++)
            await Task.Delay(25);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var press = Activities.Message("", "teams-feedback", channel.ServiceUrl.ToString());
            press["channelId"] = "msteams";
            press["type"] = "invoke";
            press["name"] = "message/submitAction";
            press["replyToId"] = reply.Id;
            press["value"] = new { actionName = "feedback", actionValue = new { reaction = "dislike", feedback = "{\"feedbackText\":\"" + new string('c', 10_000) + "\"}" } };
            statuses.Add((await app.PostActivityAsync(press)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var lines = Feedback(app).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Contains("\"comment\":\"" + new string('c', 50) + "…\"", l, StringComparison.Ordinal));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Channels;
using Bot.Conversations;
using Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Channels;

/// <summary>
/// Activities whose free-form parts have shapes nobody expects, as a careless client or an attacker posts
/// them: none may answer 500, and a message among them is still answered.
/// </summary>
public sealed class OddInputTests
{
    /// <summary>A message with one field replaced by something odd, as the JSON after "text".</summary>
    public static TheoryData<string, string> OddMessages => new()
    {
        { "entities of numbers", "\"entities\":[1]" },
        { "an entity whose type is an object", "\"entities\":[{\"type\":{}}]" },
        { "a mention whose text is a number", "\"entities\":[{\"type\":\"mention\",\"text\":5,\"mentioned\":{\"id\":\"bot-1\"}}]" },
        { "a mention whose mentioned is a string", "\"entities\":[{\"type\":\"mention\",\"text\":\"<at>Bot</at>\",\"mentioned\":\"bot-1\"}]" },
        { "an entity that is an array", "\"entities\":[[1]]" },
        { "an entity that is null", "\"entities\":[null]" },
        { "channelData that is a number", "\"channelData\":7" },
    };

    public static TheoryData<string, string> OddEvents => new()
    {
        { "membersAdded with a null", "{\"type\":\"conversationUpdate\",\"membersAdded\":[null]}" },
        { "feedback entities of arrays", "{\"type\":\"event\",\"name\":\"webchat:activity-status/feedback\",\"entities\":[[1]]}" },
        { "feedback with a numeric @type", "{\"type\":\"event\",\"name\":\"webchat:activity-status/feedback\",\"entities\":[{\"@type\":1,\"object\":{\"@id\":\"x\"}}]}" },
        { "feedback with a string object", "{\"type\":\"event\",\"name\":\"webchat:activity-status/feedback\",\"entities\":[{\"@type\":\"LikeAction\",\"object\":\"x\"}]}" },
        { "a Teams feedback whose form text is an array", "{\"type\":\"invoke\",\"name\":\"message/submitAction\",\"value\":{\"actionName\":\"feedback\",\"actionValue\":{\"reaction\":\"like\",\"feedback\":\"[1]\"}}}" },
        { "an entity naming a property twice", "{\"type\":\"message\",\"text\":\"hi\",\"entities\":[{\"type\":\"a\",\"type\":\"b\"}]}" },
        { "text twice", "{\"type\":\"message\",\"text\":\"hi\",\"text\":\"ho\"}" },
        { "channelData naming a property twice, deep down", "{\"type\":\"message\",\"text\":\"hi\",\"channelData\":{\"a\":[{\"b\":{\"c\":1,\"c\":2}}]}}" },
        { "a value naming a property twice", "{\"type\":\"invoke\",\"name\":\"message/submitAction\",\"value\":{\"actionName\":\"feedback\",\"actionName\":\"x\"}}" },
    };

    static string Envelope(string conversationId) =>
        $"\"id\":\"a1\",\"channelId\":\"emulator\",\"serviceUrl\":\"http://127.0.0.1:1/\",\"from\":{{\"id\":\"user-1\"}},\"recipient\":{{\"id\":\"bot-1\",\"name\":\"Bot\"}},\"conversation\":{{\"id\":\"{conversationId}\"}}";

    static async Task<HttpResponseMessage> PostAsync(BotApp app, string json, bool expectReplies)
    {
        var body = json.TrimEnd('}') + "," + Envelope("odd-" + Guid.NewGuid().ToString("N")[..8]) + (expectReplies ? ",\"deliveryMode\":\"expectReplies\"" : "") + "}";
        return await app.CreateClient().PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));
    }

    /// <summary>A conversation store with a fault of the bot's own: not a database that is down, which the bot expects, but a bug.</summary>
    sealed class FaultyStore : IConversationStore
    {
        public ValueTask<IReadOnlyList<TurnRecord>> RecentTurnsAsync(string conversationId, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a fault of the bot's own");

        public ValueTask AppendAsync(string conversationId, TurnRecord turn, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask RecordReplyIdAsync(string conversationId, string turnId, string replyId, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_fault_of_the_bots_own_while_answering_is_told_in_the_conversation_not_answered_with_a_500()
    {
        await using var app = new BotApp { TestServices = services => services.AddSingleton<IConversationStore, FaultyStore>() };

        var response = await PostAsync(app, "{\"type\":\"message\",\"text\":\"Who won the Russo-Japanese War?\"}", expectReplies: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["activities"]!.AsArray();
        Assert.Equal(ActivityHandler.SomethingWentWrong, (string?)replies.Single()!["text"]);
    }

    [Theory]
    [MemberData(nameof(OddMessages))]
    public async Task An_odd_message_on_the_Bot_Framework_endpoint_is_still_answered(string problem, string field)
    {
        await using var app = new BotApp();

        var response = await PostAsync(app, $"{{\"type\":\"message\",\"text\":\"Who won the Russo-Japanese War?\",{field}}}", expectReplies: true);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{problem}: {response.StatusCode}");
        var replies = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["activities"]!.AsArray();
        Assert.Contains("victor", (string?)replies.Single()!["text"], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OddEvents))]
    public async Task Odd_events_and_invokes_get_an_answer_that_is_not_a_500(string problem, string json)
    {
        await using var app = new BotApp();

        foreach (var expectReplies in new[] { true, false })
        {
            var response = await PostAsync(app, json, expectReplies);
            Assert.True((int)response.StatusCode is 200 or 400, $"{problem} (expectReplies {expectReplies}): {response.StatusCode}");
        }
    }

    [Theory]
    [MemberData(nameof(OddMessages))]
    public async Task An_odd_message_in_the_web_chat_is_still_answered(string problem, string field)
    {
        await using var app = new BotApp();
        var chat = await DirectLineClient.FromPageTokenAsync(app.CreateClient());
        await chat.StartAsync();

        var posted = await chat.PostRawAsync($"{{\"type\":\"message\",\"from\":{{\"id\":\"r_test\"}},\"text\":\"Who won the Russo-Japanese War?\",{field}}}");

        Assert.True(posted.StatusCode == HttpStatusCode.OK, $"{problem}: {posted.StatusCode}");
        var id = (string)(await posted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        var answer = await chat.AnswerToAsync(id);
        Assert.Contains("victor", (string?)answer["text"], StringComparison.Ordinal);
    }
}

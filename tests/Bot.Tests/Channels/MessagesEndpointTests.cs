using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Channels;

public sealed partial class MessagesEndpointTests
{
    [Fact]
    public async Task Expect_replies_returns_a_cited_markdown_answer_in_the_response()
    {
        await using var app = new BotApp();
        var inbound = Activities.Message("Is there a peace treaty?");

        var replies = await app.ExpectRepliesAsync(inbound);

        var reply = Assert.Single(replies)!;
        Assert.Equal("message", (string?)reply["type"]);
        Assert.Equal("markdown", (string?)reply["textFormat"]);
        Assert.Equal(inbound["id"], (string?)reply["replyToId"]);
        Assert.Equal("bot-1", (string?)reply["from"]!["id"]);
        Assert.Equal("user-1", (string?)reply["recipient"]!["id"]);
        Assert.Null(reply["id"]);
        var text = (string)reply["text"]!;
        Assert.Contains("[1]", text, StringComparison.Ordinal);
        Assert.Contains("**Sources**", text, StringComparison.Ordinal);

        var entity = Assert.Single(reply["entities"]!.AsArray())!;
        Assert.Equal("https://schema.org/Message", (string?)entity["type"]);
        Assert.Equal("Message", (string?)entity["@type"]);
        var claims = entity["citation"]!.AsArray();
        Assert.NotEmpty(claims);
        foreach (var claim in claims)
        {
            var position = (int)claim!["position"]!;
            Assert.Contains($"[{position}]", text, StringComparison.Ordinal);
            var appearance = claim["appearance"]!;
            Assert.False(string.IsNullOrWhiteSpace((string?)appearance["name"]));
            Assert.InRange(((string)appearance["abstract"]!).Length, 1, 160);
            Assert.Matches(@"^http://localhost/sources/00[02]_[0-9a-f]{16}#p\d+", (string)appearance["url"]!);
            // Web Chat draws citations from link reference definitions that match the claims.
            Assert.Contains($"[{position}]: {(string)appearance["url"]!}", text, StringComparison.Ordinal);
            // The list of sources labels each passage as the page it leads to does ("¶5" for "#p5").
            var anchor = ((string)appearance["url"]!).Split('#')[1];
            Assert.Contains($"¶{anchor[1..]})", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Expect_replies_makes_no_outbound_call()
    {
        var outbound = new RecordingHandler();
        await using var app = new BotApp { Outbound = outbound };

        await app.ExpectRepliesAsync(Activities.Message("Who won the war between Japan and Russia in 1905?"));

        Assert.Empty(outbound.Requests);
    }

    [Fact]
    public async Task A_normal_message_is_acknowledged_and_the_reply_posted_to_the_service_url()
    {
        await using var channel = await FakeChannel.StartAsync();
        await using var app = new BotApp();
        var inbound = Activities.Message("How many islands are in the Kuril chain?", "conv-1", channel.ServiceUrl.ToString(), expectReplies: false);

        var response = await app.PostActivityAsync(inbound);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var typing = await channel.NextReplyAsync(includeTyping: true);
        var received = await channel.NextReplyAsync();
        Assert.Equal("typing", (string?)typing.Activity["type"]);
        Assert.Equal($"/v3/conversations/conv-1/activities/{inbound["id"]}", received.Path);
        Assert.Contains("30 islands", (string)received.Activity["text"]!, StringComparison.Ordinal);
        Assert.Equal(inbound["id"], (string?)received.Activity["replyToId"]);
    }

    [Fact]
    public async Task A_throttled_or_failing_channel_is_retried_until_the_reply_lands()
    {
        await using var channel = await FakeChannel.StartAsync();
        channel.FailNext(429, 503);
        await using var app = new BotApp();

        await app.PostActivityAsync(Activities.Message("Who is Ma Zhaoxu?", "conv-2", channel.ServiceUrl.ToString(), expectReplies: false));

        // The typing indicator is tried once (a late one is worse than none) and meets the 429; the answer
        // meets the 503 and is retried until it lands.
        var received = await channel.NextReplyAsync(TimeSpan.FromSeconds(20));
        Assert.Contains("spokesman", (string)received.Activity["text"]!, StringComparison.Ordinal);
        Assert.Equal(3, channel.Attempts);
    }

    [Fact]
    public async Task A_slow_conversation_does_not_hold_up_another()
    {
        await using var slow = await FakeChannel.StartAsync();
        slow.Hold();
        await using var fast = await FakeChannel.StartAsync();
        await using var app = new BotApp();

        await app.PostActivityAsync(Activities.Message("Who is Ma Zhaoxu?", "slow", slow.ServiceUrl.ToString(), expectReplies: false));
        await app.PostActivityAsync(Activities.Message("Who is Ma Zhaoxu?", "fast", fast.ServiceUrl.ToString(), expectReplies: false));

        await fast.NextReplyAsync(TimeSpan.FromSeconds(20));
        Assert.Empty(slow.Replies);
        slow.Release();
        await slow.NextReplyAsync(TimeSpan.FromSeconds(20));
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_channel_that_redirects_a_reply_does_not_get_it_re_sent_elsewhere(int status)
    {
        await using var elsewhere = await FakeChannel.StartAsync();
        await using var redirecting = await FakeChannel.StartAsync();
        redirecting.RedirectTo = new Uri(elsewhere.ServiceUrl, "v3/conversations/stolen/activities/x");
        redirecting.RedirectStatus = status;
        await using var app = new BotApp();
        var turns = app.Services.GetRequiredService<Bot.Channels.BackgroundTurns>();

        await app.PostActivityAsync(Activities.Message("Who is Ma Zhaoxu?", "redirected", redirecting.ServiceUrl.ToString(), expectReplies: false));
        for (var i = 0; i < 400 && (redirecting.Attempts < 2 || turns.Pending > 0); i++)
            await Task.Delay(25);

        Assert.True(redirecting.Attempts >= 2, $"{redirecting.Attempts} attempts");
        Assert.Equal(0, turns.Pending);
        Assert.Equal(0, elsewhere.Attempts);
    }

    [Fact]
    public async Task A_conversation_whose_channel_takes_no_replies_can_queue_only_so_many_turns()
    {
        await using var stuck = await FakeChannel.StartAsync();
        stuck.Hold();
        await using var other = await FakeChannel.StartAsync();
        await using var app = new BotApp(new() { ["Channels:MaxQueuedPerConversation"] = "3", ["Channels:MaxQueuedTurns"] = "4" });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            statuses.Add((await app.PostActivityAsync(Activities.Message("Who is Ma Zhaoxu?", "flooding", stuck.ServiceUrl.ToString(), expectReplies: false))).StatusCode);
        var second = await app.PostActivityAsync(Activities.Message("Who is Ma Zhaoxu?", "another", stuck.ServiceUrl.ToString(), expectReplies: false));
        var full = await app.PostActivityAsync(Activities.Message("Who is Ma Zhaoxu?", "a-third", other.ServiceUrl.ToString(), expectReplies: false));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, full.StatusCode);
        Assert.NotNull(full.Headers.RetryAfter);
        stuck.Release();
        await stuck.NextReplyAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_channel_that_says_retry_in_an_hour_holds_its_conversation_no_longer_than_the_send_budget()
    {
        await using var channel = await FakeChannel.StartAsync();
        channel.FailNext([.. Enumerable.Repeat(429, 20)]);
        channel.RetryAfterSeconds = 3600;
        var clock = Some.Clock();
        await using var app = new BotApp(new() { ["Channels:SendBudget"] = "00:01:00" }) { Clock = clock };
        var turns = app.Services.GetRequiredService<Bot.Channels.BackgroundTurns>();

        await app.PostActivityAsync(Activities.Message("Who is Ma Zhaoxu?", "throttled", channel.ServiceUrl.ToString(), expectReplies: false));
        for (var i = 0; i < 400 && channel.Attempts < 2; i++)
            await Task.Delay(25);
        Assert.Equal(1, turns.Pending);

        clock.Advance(TimeSpan.FromSeconds(61));
        for (var i = 0; i < 400 && turns.Pending > 0; i++)
            await Task.Delay(25);

        Assert.Equal(0, turns.Pending);
        Assert.Equal(2, channel.Attempts);
    }

    [Fact]
    public async Task An_anonymous_bot_refuses_to_send_to_a_service_url_off_this_machine()
    {
        var outbound = new RecordingHandler();
        await using var app = new BotApp { Outbound = outbound };

        var response = await app.PostActivityAsync(Activities.Message("Is there a peace treaty?", serviceUrl: "https://smba.trafficmanager.net/teams/", expectReplies: false));
        await Task.Delay(200);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("serviceUrl", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(outbound.Requests);
    }

    [Fact]
    public async Task A_service_url_listed_in_configuration_is_trusted()
    {
        var outbound = new RecordingHandler();
        await using var app = new BotApp(new() { ["Channels:AllowedServiceUrls:0"] = "https://smba.trafficmanager.net/teams/" }) { Outbound = outbound };

        var response = await app.PostActivityAsync(Activities.Message("Is there a peace treaty?", "conv-3", "https://smba.trafficmanager.net/teams/", expectReplies: false));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        for (var i = 0; i < 100 && outbound.Requests.Count < 2; i++)
            await Task.Delay(20);
        Assert.Equal(2, outbound.Requests.Count);
        Assert.All(outbound.Requests, sent =>
            Assert.Equal("https://smba.trafficmanager.net/teams/v3/conversations/conv-3/activities/", sent.ToString()[..^"activity-xxxxxxxx".Length]));
    }

    [Theory]
    [InlineData("{not json", "not a readable activity")]
    [InlineData("{\"text\":\"hello\"}", "no 'type'")]
    [InlineData("null", "JSON null")]
    [InlineData("[1,2,3]", "not a readable activity")]
    [InlineData("{\"type\":\"message\",\"text\":\"hi\"}", "conversation.id")]
    [InlineData("", "no body")]
    public async Task Unreadable_activities_get_400_with_a_clear_message(string body, string message)
    {
        await using var app = new BotApp();

        var response = await app.CreateClient().PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Contains(message, (string)error["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_256_kilobytes_gets_413()
    {
        await using var app = new BotApp();
        var activity = Activities.Message(new string('a', 300 * 1024));

        var response = await app.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Another_method_gets_405()
    {
        await using var app = new BotApp();

        var response = await app.CreateClient().GetAsync("/api/messages");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_activity_type_gets_200_and_no_reply()
    {
        await using var app = new BotApp();
        var activity = Activities.Message("");
        activity["type"] = "messageReaction";

        var replies = await app.ExpectRepliesAsync(activity);

        Assert.Empty(replies);
    }

    [Theory]
    [InlineData("", "Ask me a question")]
    [InlineData("   ", "Ask me a question")]
    public async Task An_empty_message_gets_a_friendly_prompt(string text, string expected)
    {
        await using var app = new BotApp();

        var reply = Assert.Single(await app.ExpectRepliesAsync(Activities.Message(text)))!;

        Assert.Contains(expected, (string)reply["text"]!, StringComparison.Ordinal);
        Assert.Null(reply["entities"]);
    }

    [Fact]
    public async Task A_ten_thousand_character_message_is_politely_declined()
    {
        await using var app = new BotApp();

        var reply = Assert.Single(await app.ExpectRepliesAsync(Activities.Message(new string('x', 10_000))))!;

        Assert.Contains("10,000 characters", (string)reply["text"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adding_the_user_to_a_conversation_brings_a_welcome_with_three_suggested_questions()
    {
        await using var app = new BotApp();
        var update = Activities.Message("");
        update["type"] = "conversationUpdate";
        update["membersAdded"] = new[] { new { id = "bot-1" }, new { id = "user-1" } };

        var replies = await app.ExpectRepliesAsync(update);

        var welcome = Assert.Single(replies)!;
        Assert.Contains("Japan and Russia", (string)welcome["text"]!, StringComparison.Ordinal);
        var actions = welcome["suggestedActions"]!["actions"]!.AsArray();
        Assert.Equal(3, actions.Count);
        Assert.All(actions, a => Assert.Equal("imBack", (string?)a!["type"]));
    }

    [Fact]
    public async Task Follow_ups_over_http_are_read_in_the_light_of_the_conversation()
    {
        await using var app = new BotApp();

        await app.ExpectRepliesAsync(Activities.Message("Tell me about the Russo-Japanese War", "history"));
        var reply = Assert.Single(await app.ExpectRepliesAsync(Activities.Message("Which treaty ended it?", "history")))!;

        Assert.Contains("Portsmouth", (string)reply["text"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invoke_the_bot_does_not_handle_gets_501()
    {
        await using var app = new BotApp();
        var invoke = Activities.Message("");
        invoke["type"] = "invoke";
        invoke["name"] = "composeExtension/query";

        var response = await app.PostActivityAsync(invoke);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }

    [Fact]
    public async Task A_citation_link_opens_the_cleaned_document_at_its_passage()
    {
        await using var app = new BotApp();
        var reply = Assert.Single(await app.ExpectRepliesAsync(Activities.Message("How many islands are in the Kuril chain?")))!;
        var url = new Uri((string)reply["entities"]![0]!["citation"]![0]!["appearance"]!["url"]!);

        var page = await app.CreateClient().GetStringAsync(url.PathAndQuery);

        Assert.Contains($"id=\"{url.Fragment.TrimStart('#')}\"", page, StringComparison.Ordinal);
        Assert.Contains("There are 30 islands and major islets", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Websites and Resources", page, StringComparison.Ordinal);
        Assert.DoesNotContain("copyright", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unknown_source_document_gets_404()
    {
        await using var app = new BotApp();

        var response = await app.CreateClient().GetAsync("/sources/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_health_endpoint_answers()
    {
        await using var app = new BotApp();

        var health = await app.CreateClient().GetFromJsonAsync<JsonObject>("/healthz");

        Assert.Equal("ok", (string?)health!["status"]);
    }
}

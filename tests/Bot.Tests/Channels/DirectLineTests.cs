using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Bot.Tests.Support;

namespace Bot.Tests.Channels;

public sealed class DirectLineTests
{
    [Fact]
    public async Task Starting_a_conversation_puts_the_welcome_and_its_suggested_questions_in_the_stream()
    {
        await using var app = new BotApp();
        var client = await DirectLineClient.FromPageTokenAsync(app.CreateClient());

        var started = await client.StartAsync();
        var welcome = await client.NextBotMessageAsync();

        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var body = JsonNode.Parse(await started.Content.ReadAsStringAsync())!;
        Assert.Equal(client.ConversationId, (string?)body["conversationId"]);
        Assert.False(string.IsNullOrEmpty((string?)body["token"]));
        Assert.InRange((int)body["expires_in"]!, 1700, 1800);
        Assert.StartsWith("Hello!", (string)welcome["text"]!, StringComparison.Ordinal);
        Assert.Equal(3, welcome["suggestedActions"]!["actions"]!.AsArray().Count);
        Assert.NotNull((string?)welcome["timestamp"]);
    }

    [Fact]
    public async Task A_posted_message_comes_back_with_its_server_id_and_client_activity_id_then_typing_then_a_cited_answer()
    {
        await using var app = new BotApp();
        var client = await DirectLineClient.FromPageTokenAsync(app.CreateClient());
        await client.StartAsync();
        await client.NextBotMessageAsync();

        var id = await client.SayAsync("Is there a peace treaty?", clientActivityId: "client-1");
        var stream = await client.PollUntilAsync(a => DirectLineClient.IsBotMessage(a) && (string?)a["replyToId"] == id);

        var echo = stream.Single(a => (string?)a["id"] == id);
        Assert.Equal("client-1", (string?)echo["channelData"]!["clientActivityID"]);
        Assert.Equal("user", (string?)echo["from"]!["role"]);
        Assert.StartsWith(client.ConversationId + "|", id, StringComparison.Ordinal);
        var typingAt = stream.FindIndex(a => (string?)a["type"] == "typing");
        var answerAt = stream.FindIndex(a => DirectLineClient.IsBotMessage(a) && (string?)a["replyToId"] == id);
        Assert.InRange(typingAt, stream.IndexOf(echo) + 1, answerAt - 1);

        var answer = stream[answerAt];
        var text = (string)answer["text"]!;
        Assert.Contains("[1]", text, StringComparison.Ordinal);
        Assert.Matches(@"\n\[1\]: http://localhost/sources/[^ ]+#p\d+ """, text);
        Assert.DoesNotContain("**Sources**", text, StringComparison.Ordinal);
        var entity = answer["entities"]!.AsArray().Single()!;
        Assert.Equal(1, (int)entity["citation"]![0]!["position"]!);
        Assert.Equal(["LikeAction", "DislikeAction"], entity["potentialAction"]!.AsArray().Select(a => (string)a!["@type"]!));
        Assert.NotEmpty(answer["suggestedActions"]!["actions"]!.AsArray());
    }

    [Fact]
    public async Task A_follow_up_in_the_web_chat_uses_the_same_conversation_memory_as_the_bot_endpoint()
    {
        await using var app = new BotApp();
        var client = await DirectLineClient.FromPageTokenAsync(app.CreateClient());
        await client.StartAsync();

        await client.AskAsync("Is there a peace treaty?");
        var why = await client.AskAsync("Why not?");

        Assert.Matches("(Kuril|islands)", (string)why["text"]!);
    }

    [Fact]
    public async Task Polling_with_the_watermark_returns_only_what_is_new_and_the_watermark_never_goes_back()
    {
        await using var app = new BotApp();
        var client = await DirectLineClient.FromPageTokenAsync(app.CreateClient());
        await client.StartAsync();
        await client.NextBotMessageAsync();

        var first = JsonNode.Parse(await (await client.GetAsync()).Content.ReadAsStringAsync())!;
        var watermark = (string)first["watermark"]!;
        var again = JsonNode.Parse(await (await client.GetAsync(watermark)).Content.ReadAsStringAsync())!;
        var beyond = JsonNode.Parse(await (await client.GetAsync("999")).Content.ReadAsStringAsync())!;

        Assert.NotEmpty(first["activities"]!.AsArray());
        Assert.Empty(again["activities"]!.AsArray());
        Assert.Equal(watermark, (string?)again["watermark"]);
        Assert.Equal("999", (string?)beyond["watermark"]);
    }

    [Fact]
    public async Task A_token_opens_its_own_conversation_only()
    {
        await using var app = new BotApp();
        var http = app.CreateClient();
        var alice = await DirectLineClient.FromPageTokenAsync(http);
        var bob = await DirectLineClient.FromPageTokenAsync(http);
        await alice.StartAsync();
        await bob.StartAsync();

        var withBobsToken = await bob.GetAsync(conversationId: alice.ConversationId);
        var postWithBobsToken = await bob.PostAsync(new { type = "message", text = "hi" }, alice.ConversationId);
        var withNone = await new DirectLineClient(http).GetAsync(conversationId: alice.ConversationId);
        var forged = await new DirectLineClient(http) { Token = alice.Token[..^4] + "AAAA" }.GetAsync(conversationId: alice.ConversationId);

        Assert.Equal(HttpStatusCode.Forbidden, withBobsToken.StatusCode);
        Assert.Contains("another conversation", await withBobsToken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, postWithBobsToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withNone.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync()).StatusCode);
    }

    [Fact]
    public async Task Tokens_expire_after_thirty_minutes_and_a_refreshed_token_keeps_the_conversation()
    {
        var clock = Some.Clock();
        await using var app = new BotApp { Clock = clock };
        var http = app.CreateClient();
        var client = await DirectLineClient.FromPageTokenAsync(http);
        await client.StartAsync();

        clock.Advance(TimeSpan.FromMinutes(15));
        using var refresh = client.Request(HttpMethod.Post, "/v3/directline/tokens/refresh");
        var refreshed = await http.SendAsync(refresh);
        var grant = JsonNode.Parse(await refreshed.Content.ReadAsStringAsync())!;
        var oldToken = client.Token;
        clock.Advance(TimeSpan.FromMinutes(20));

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(client.ConversationId, (string?)grant["conversationId"]);
        var expired = await client.GetAsync();
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Contains("expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        client.Token = (string)grant["token"]!;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync()).StatusCode);

        using var refreshExpired = new DirectLineClient(http) { Token = oldToken }.Request(HttpMethod.Post, "/v3/directline/tokens/refresh");
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(refreshExpired)).StatusCode);
    }

    [Fact]
    public async Task A_conversation_that_never_started_or_went_idle_is_not_found()
    {
        var clock = Some.Clock();
        await using var app = new BotApp(new() { ["DirectLine:IdleExpiry"] = "00:10:00" }) { Clock = clock };
        var http = app.CreateClient();
        var neverStarted = await DirectLineClient.FromPageTokenAsync(http);
        var idle = await DirectLineClient.FromPageTokenAsync(http);
        await idle.StartAsync();
        // The welcome is written by a turn of its own; once it is in, nothing else touches the conversation.
        await idle.NextBotMessageAsync();

        var unknown = await neverStarted.GetAsync();
        clock.Advance(TimeSpan.FromMinutes(11));
        var ended = await idle.GetAsync();
        var postToEnded = await idle.PostAsync(new { type = "message", text = "hello?" });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, ended.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, postToEnded.StatusCode);
    }

    [Theory]
    [InlineData("{not json", HttpStatusCode.BadRequest, "not a readable activity")]
    [InlineData("{\"text\":\"no type\"}", HttpStatusCode.BadRequest, "no 'type'")]
    [InlineData("", HttpStatusCode.BadRequest, "no body")]
    [InlineData("{\"type\":\"invoke\",\"name\":\"x\"}", HttpStatusCode.BadRequest, "posts messages, events and typing")]
    public async Task Bad_activities_get_a_clear_error_and_the_conversation_goes_on(string body, HttpStatusCode status, string message)
    {
        await using var app = new BotApp();
        var client = await DirectLineClient.FromPageTokenAsync(app.CreateClient());
        await client.StartAsync();

        var response = await client.PostRawAsync(body);

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Japan", (string)(await client.AskAsync("Who won the Russo-Japanese War?"))["text"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_activity_over_256_KB_is_refused_with_413()
    {
        await using var app = new BotApp();
        var client = await DirectLineClient.FromPageTokenAsync(app.CreateClient());
        await client.StartAsync();

        var response = await client.PostAsync(new { type = "message", text = new string('a', 300 * 1024) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_message_longer_than_a_chat_needs_is_refused_with_413_and_says_how_long_it_may_be()
    {
        await using var app = new BotApp();
        var client = await DirectLineClient.FromPageTokenAsync(app.CreateClient());
        await client.StartAsync();

        var response = await client.PostAsync(new { type = "message", text = new string('a', 4_001) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("up to 4,000", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_stream_keeps_only_what_a_chat_message_needs_of_what_a_visitor_posts()
    {
        await using var app = new BotApp();
        var client = await DirectLineClient.FromPageTokenAsync(app.CreateClient());
        await client.StartAsync();

        var posted = await client.PostAsync(new
        {
            type = "message",
            text = "Who won the Russo-Japanese War?",
            from = new { id = "r_test", name = new string('n', 5_000) },
            channelData = new { clientActivityID = "client-1", padding = new string('p', 50_000) },
            attachments = new[] { new { contentType = "text/plain", content = new string('a', 50_000) } },
            entities = new[] { new { type = "ClientCapabilities", padding = new string('e', 50_000) } },
            somethingElse = new string('s', 50_000),
        });
        posted.EnsureSuccessStatusCode();
        var answer = await client.AnswerToAsync((string)System.Text.Json.Nodes.JsonNode.Parse(await posted.Content.ReadAsStringAsync())!["id"]!);
        var page = await client.GetAsync();
        var stored = System.Text.Json.Nodes.JsonNode.Parse(await page.Content.ReadAsStringAsync())!["activities"]!.AsArray()
            .Single(a => (string?)a!["from"]!["role"] == "user")!;

        Assert.Contains("victor", (string?)answer["text"], StringComparison.Ordinal);
        Assert.Equal("client-1", (string?)stored["channelData"]!["clientActivityID"]);
        Assert.InRange(stored.ToJsonString().Length, 1, 1_000);
    }

    [Fact]
    public async Task A_poll_is_compressed_for_a_client_that_accepts_it()
    {
        await using var app = new BotApp();
        var http = app.CreateClient();
        var client = await DirectLineClient.FromPageTokenAsync(http);
        await client.StartAsync();
        await client.AskAsync("Who won the Russo-Japanese War?");

        using var request = client.Request(HttpMethod.Get, $"/v3/directline/conversations/{client.ConversationId}/activities");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        var response = await http.SendAsync(request);

        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
    }

    [Fact]
    public async Task A_flooding_conversation_gets_429_while_others_are_served_and_every_accepted_message_is_answered()
    {
        // The conversation's queue of waiting turns is made roomy, so that only the post limit refuses: on a busy
        // machine the first turns are still waiting when the fifth post comes, and a full queue also answers 429.
        await using var app = new BotApp(new() { ["DirectLine:PostBurst"] = "5", ["DirectLine:PostsPerMinute"] = "6", ["Channels:MaxQueuedPerConversation"] = "50" });
        var http = app.CreateClient();
        var flooder = await DirectLineClient.FromPageTokenAsync(http);
        var neighbour = await DirectLineClient.FromPageTokenAsync(http);
        await flooder.StartAsync();
        await neighbour.StartAsync();

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 20; i++)
            responses.Add(await flooder.PostAsync(new { type = "message", text = $"Who won the Russo-Japanese War? ({i})" }));
        var neighbourPost = await neighbour.PostAsync(new { type = "message", text = "Is there a peace treaty?" });

        var accepted = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(20, accepted + refused.Count);
        Assert.InRange(accepted, 5, 6);
        Assert.All(refused, r => Assert.True(r.Headers.RetryAfter?.Delta > TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.OK, neighbourPost.StatusCode);

        var answers = await WaitForAnswersAsync(flooder, accepted);
        Assert.Equal(accepted, answers);
    }

    static async Task<int> WaitForAnswersAsync(DirectLineClient client, int expected)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var count = 0;
        while (waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            var page = JsonNode.Parse(await (await client.GetAsync()).Content.ReadAsStringAsync())!;
            count = page["activities"]!.AsArray().Count(a => DirectLineClient.IsBotMessage(a!) && a!["replyToId"] is not null);
            if (count >= expected)
                break;
            await Task.Delay(25);
        }
        return count;
    }

    [Fact]
    public async Task A_like_pressed_in_web_chat_is_recorded_with_its_question_and_answer()
    {
        await using var app = new BotApp();
        var client = await DirectLineClient.FromPageTokenAsync(app.CreateClient());
        await client.StartAsync();
        var answer = await client.AskAsync("Who won the Russo-Japanese War?");
        var like = answer["entities"]![0]!["potentialAction"]![0]!.DeepClone();

        // What Web Chat posts when the thumbs-up is pressed: the action the bot offered, as it was offered.
        var posted = await client.PostAsync(new
        {
            type = "event",
            name = "webchat:activity-status/feedback",
            entities = new[] { like },
            channelData = new { clientActivityID = "feedback-1" },
        });

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var line = await WaitForFileAsync(app.FeedbackFile);
        var record = JsonNode.Parse(line)!;
        Assert.Equal("like", (string?)record["reaction"]);
        Assert.Equal(client.ConversationId, (string?)record["conversationId"]);
        Assert.Equal("Who won the Russo-Japanese War?", (string?)record["question"]);
        Assert.Contains("victor", (string)record["answer"]!, StringComparison.Ordinal);
    }

    static async Task<string> WaitForFileAsync(string path)
    {
        for (var i = 0; i < 200; i++)
        {
            if (File.Exists(path) && File.ReadAllText(path) is { Length: > 0 } text)
                return text.Trim();
            await Task.Delay(25);
        }
        throw new TimeoutException($"Nothing was written to {path}.");
    }

    [Fact]
    public async Task A_server_with_the_secret_can_generate_tokens_and_a_browser_without_it_cannot()
    {
        await using var app = new BotApp(new() { ["DirectLine:Secrets:0"] = "server-side-secret" });
        var http = app.CreateClient();

        using var withSecret = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/generate");
        withSecret.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "server-side-secret");
        withSecret.Content = new StringContent("{\"user\":{\"id\":\"dl_visitor\",\"name\":\"Visitor\"}}", System.Text.Encoding.UTF8, "application/json");
        using var withoutSecret = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/generate");
        withoutSecret.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "guess");

        var generated = await http.SendAsync(withSecret);
        var refused = await http.SendAsync(withoutSecret);

        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var grant = JsonNode.Parse(await generated.Content.ReadAsStringAsync())!;
        var client = new DirectLineClient(http) { Token = (string)grant["token"]! };
        Assert.Equal(HttpStatusCode.Created, (await client.StartAsync()).StatusCode);
        await client.SayAsync("Who won?");
        var echo = (await client.PollUntilAsync(a => (string?)a["from"]?["role"] == "user")).First(a => (string?)a["from"]?["role"] == "user");
        Assert.Equal("dl_visitor", (string?)echo["from"]!["id"]);
    }
}

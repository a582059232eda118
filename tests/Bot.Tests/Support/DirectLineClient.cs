using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Bot.Tests.Support;

/// <summary>Talks to the bot's Direct Line endpoint the way Web Chat does: token, start, post, poll with a watermark.</summary>
public sealed class DirectLineClient(HttpClient http)
{
    string? _watermark;

    /// <summary>The same web chat, talking to another instance of the bot: same token, same conversation, same watermark.</summary>
    public DirectLineClient Through(HttpClient other) =>
        new(other) { Token = Token, ConversationId = ConversationId, _watermark = _watermark };

    public string? Watermark => _watermark;

    public string Token { get; set; } = "";
    public string ConversationId { get; private set; } = "";

    /// <summary>Gets a token from the chat page's server side, as the page does.</summary>
    public static async Task<DirectLineClient> FromPageTokenAsync(HttpClient http)
    {
        var response = await http.PostAsync("/api/webchat/token", null);
        response.EnsureSuccessStatusCode();
        var grant = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return new DirectLineClient(http) { Token = (string)grant["token"]!, ConversationId = (string)grant["conversationId"]! };
    }

    public async Task<HttpResponseMessage> StartAsync()
    {
        using var request = Request(HttpMethod.Post, "/v3/directline/conversations");
        request.Content = JsonContent.Create(new { user = new { id = "r_test" } });
        var response = await http.SendAsync(request);
        if (response.IsSuccessStatusCode)
            ConversationId = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["conversationId"]!;
        return response;
    }

    public Task<HttpResponseMessage> PostRawAsync(string json, string? conversationId = null)
    {
        var request = Request(HttpMethod.Post, $"/v3/directline/conversations/{conversationId ?? ConversationId}/activities");
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostAsync(object activity, string? conversationId = null) =>
        PostRawAsync(System.Text.Json.JsonSerializer.Serialize(activity), conversationId);

    /// <summary>Posts a message as Web Chat would and returns the id the stream gave it.</summary>
    public async Task<string> SayAsync(string text, string? clientActivityId = null)
    {
        var response = await PostAsync(new
        {
            type = "message",
            text,
            textFormat = "plain",
            from = new { id = "r_test", role = "user" },
            channelData = new { clientActivityID = clientActivityId ?? Guid.NewGuid().ToString("N") },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
    }

    public async Task<HttpResponseMessage> GetAsync(string? watermark = null, string? conversationId = null)
    {
        using var request = Request(HttpMethod.Get, $"/v3/directline/conversations/{conversationId ?? ConversationId}/activities?watermark={watermark}");
        return await http.SendAsync(request);
    }

    /// <summary>Polls from the last watermark until an activity matches, as Web Chat's poller would; returns everything new.</summary>
    public async Task<List<JsonNode>> PollUntilAsync(Func<JsonNode, bool> wanted, TimeSpan? timeout = null)
    {
        var seen = new List<JsonNode>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < (timeout ?? TimeSpan.FromSeconds(10)))
        {
            var response = await GetAsync(_watermark);
            response.EnsureSuccessStatusCode();
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            _watermark = (string?)page["watermark"] ?? _watermark;
            seen.AddRange(page["activities"]!.AsArray().Select(a => a!.DeepClone()));
            if (seen.Any(wanted))
                return seen;
            await Task.Delay(25);
        }
        throw new TimeoutException("The stream never showed the activity the test waited for.");
    }

    /// <summary>Waits for the bot's next message (not its typing indicator) after what was already read.</summary>
    public async Task<JsonNode> NextBotMessageAsync()
    {
        var activities = await PollUntilAsync(IsBotMessage);
        return activities.Last(IsBotMessage);
    }

    /// <summary>Waits for the bot's answer to the activity with this id.</summary>
    public async Task<JsonNode> AnswerToAsync(string activityId)
    {
        var activities = await PollUntilAsync(a => IsBotMessage(a) && (string?)a["replyToId"] == activityId);
        return activities.Last(a => IsBotMessage(a) && (string?)a["replyToId"] == activityId);
    }

    /// <summary>Asks and waits for the answer.</summary>
    public async Task<JsonNode> AskAsync(string text) => await AnswerToAsync(await SayAsync(text));

    public static bool IsBotMessage(JsonNode activity) =>
        (string?)activity["type"] == "message" && (string?)activity["from"]?["role"] == "bot";

    public HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        if (Token.Length > 0)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return request;
    }
}

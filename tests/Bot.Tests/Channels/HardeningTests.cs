using Stopwatch = System.Diagnostics.Stopwatch;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bot.BotFramework;
using Bot.Channels;
using Bot.Conversations;
using Bot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Tests.Channels;

/// <summary>
/// Inputs a probe found answered 500, or paths it found unbounded: each is now the client's error, bounded,
/// or kept apart. Raw requests go over a real socket to the bot's Kestrel, as a client that breaks the rules would send them.
/// </summary>
public sealed class HardeningTests
{
    const string Secret = "a-direct-line-secret-for-the-tests-0123456789";

    static BotApp ListeningBot(Dictionary<string, string?>? settings = null)
    {
        var app = new BotApp(settings ?? new() { ["DirectLine:Secrets:0"] = Secret });
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        return app;
    }

    /// <summary>Sends the bytes as they are and returns the status line of the reply.</summary>
    static async Task<string> RawAsync(BotApp app, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Loopback.AddressOf(app.Services).Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        var buffer = new byte[8192];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        var response = Encoding.UTF8.GetString(buffer, 0, read);
        return response[..response.IndexOf('\r', StringComparison.Ordinal)];
    }

    static string Post(string path, string host, string body, string? authorization = null) =>
        $"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n"
        + (authorization is null ? "" : $"Authorization: Bearer {authorization}\r\n") + $"Connection: close\r\n\r\n{body}";

    [Fact]
    public async Task An_empty_host_header_is_a_bad_request_on_every_endpoint_and_nothing_is_half_made()
    {
        await using var app = ListeningBot();
        var message = """{"type":"message","text":"Who won?","conversation":{"id":"c1"},"from":{"id":"u"},"recipient":{"id":"b"},"serviceUrl":"http://127.0.0.1:1/"}""";

        Assert.Equal("HTTP/1.1 400 Bad Request", await RawAsync(app, Post("/api/messages", "", message)));
        Assert.Equal("HTTP/1.1 400 Bad Request", await RawAsync(app, Post("/v3/directline/conversations", "", "", Secret)));
        Assert.Equal("HTTP/1.1 400 Bad Request", await RawAsync(app, Post("/v3/directline/conversations/x/activities", "", message, Secret)));
        Assert.Equal(0, app.Services.GetRequiredService<Bot.Channels.DirectLine.IDirectLineStore>() is Bot.Channels.DirectLine.InMemoryDirectLineStore store ? store.Count : 0);
    }

    [Theory]
    [InlineData("""{"type":"invoke","name":"message/submitAction","conversation":{"id":"c1"},"value":{"actionName":"\ud800","actionValue":{"reaction":"like"}}}""")]
    [InlineData("""{"type":"invoke","name":"message/submitAction","conversation":{"id":"c1"},"value":{"actionName":"feedback","actionValue":{"reaction":"\ud800"}}}""")]
    [InlineData("""{"type":"message","text":"who won\u0000?","conversation":{"id":"c1"},"serviceUrl":"http://127.0.0.1:1/"}""")]
    public async Task A_string_that_is_not_text_is_a_bad_request_on_api_messages(string body)
    {
        await using var app = new BotApp();

        var response = await app.CreateClient().PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not a readable activity", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_feedback_comment_whose_own_json_is_not_text_is_read_without_it_and_never_fails()
    {
        await using var app = new BotApp();
        var body = """{"type":"invoke","name":"message/submitAction","conversation":{"id":"c1"},"value":{"actionName":"feedback","actionValue":{"reaction":"dislike","feedback":"{\"feedbackText\":\"\\ud800\"}"}}}""";

        var response = await app.CreateClient().PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"type":"event","name":"webchat/join","value":"\ud800"}""")]
    [InlineData("""{"type":"message","text":"who won the war\u0000"}""")]
    public async Task A_web_chat_activity_with_a_string_that_is_not_text_is_a_bad_request_and_the_store_is_not_blamed(string body)
    {
        await using var app = new BotApp();
        var chat = await DirectLineClient.FromPageTokenAsync(app.CreateClient());
        await chat.StartAsync();

        var response = await chat.PostRawAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("conversation store", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Japan", (string)(await chat.AskAsync("Who won the Russo-Japanese War?"))["text"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_whose_header_is_not_text_is_refused_401_before_anything_else()
    {
        await using var app = new BotApp(new()
        {
            ["MicrosoftAppId"] = "4f0a2b1c-5d6e-4f70-8a9b-0c1d2e3f4a5b",
            ["MicrosoftAppTenantId"] = "7d3e1f2a-9b8c-4d5e-a6f7-1a2b3c4d5e6f",
            ["MicrosoftAppPassword"] = "secret",
            ["BotFramework:OpenIdMetadataUrl"] = "http://127.0.0.1:9/metadata",
        });
        var header = Base64Url("{\"alg\":\"\\ud800\",\"typ\":\"JWT\"}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {header}.{Base64Url("{}")}.c2ln");

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public async Task A_chunk_size_past_any_length_is_a_bad_request_on_token_generation()
    {
        await using var app = ListeningBot();

        var status = await RawAsync(app,
            $"POST /v3/directline/tokens/generate HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {Secret}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n{{}}\r\n");

        Assert.Equal("HTTP/1.1 400 Bad Request", status);
    }

    [Fact]
    public async Task A_slow_metadata_endpoint_gives_a_401_within_seconds_and_no_unchecked_token_passes()
    {
        var slow = Loopback.NewServer();
        slow.MapGet("/{**path}", async (HttpContext http) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(25), http.RequestAborted);
            return Results.Ok();
        });
        await slow.StartAsync();
        await using var _ = slow;
        await using var app = new BotApp(new()
        {
            ["MicrosoftAppId"] = "4f0a2b1c-5d6e-4f70-8a9b-0c1d2e3f4a5b",
            ["MicrosoftAppTenantId"] = "7d3e1f2a-9b8c-4d5e-a6f7-1a2b3c4d5e6f",
            ["MicrosoftAppPassword"] = "secret",
            ["BotFramework:OpenIdMetadataUrl"] = new Uri(Loopback.AddressOf(slow.Services), "metadata").ToString(),
            ["BotFramework:MetadataTimeout"] = "00:00:01",
        });
        var token = TestIssuer.UnsignedToken("4f0a2b1c-5d6e-4f70-8a9b-0c1d2e3f4a5b", "http://127.0.0.1:1/").Split('.');
        var signedLooking = $"{Base64Url("{\"alg\":\"RS256\",\"kid\":\"k\",\"typ\":\"JWT\"}")}.{token[1]}.c2lnbmF0dXJl";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent(Activities.Message("Who won?")) };
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {signedLooking}");

        var watch = Stopwatch.StartNew();
        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(15));
    }

    static StringContent JsonContent(object value) => new(System.Text.Json.JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    [Fact]
    public async Task The_turn_queue_is_bounded_by_the_bytes_its_activities_took()
    {
        using var queue = new BackgroundTurns(Options.Create(new ChannelOptions { MaxQueuedBytes = 1024 * 1024, MaxQueuedTurns = 500, MaxQueuedPerConversation = 1000 }), Microsoft.Extensions.Logging.Abstractions.NullLogger<BackgroundTurns>.Instance);
        var hold = new TaskCompletionSource();

        var taken = Enumerable.Range(0, 10).Count(i => queue.TryEnqueue($"c{i}", 250 * 1024, _ => hold.Task));

        Assert.Equal(4, taken);
        hold.SetResult();
        await Task.Delay(200);
        Assert.True(queue.TryEnqueue("later", 250 * 1024, _ => Task.CompletedTask));
    }

    [Fact]
    public async Task Declined_questions_are_noted_up_to_a_rate_per_conversation_and_in_all()
    {
        using var folder = new TempFolder();
        var options = Options.Create(new FeedbackOptions { Path = folder.File("feedback.jsonl"), DeclinedPerConversationPerMinute = 3, DeclinedPerMinute = 5 });
        var log = new JsonLinesFeedbackLog(options);
        var notes = new ShortfallNotes(log, Microsoft.Extensions.Logging.Abstractions.NullLogger<ShortfallNotes>.Instance);
        using var recorder = Recorder(log, notes, options);

        for (var i = 0; i < 10; i++)
            recorder.NoteShortfall(new FeedbackSource("one", "one", "webchat"), "What is the capital of France?", "I could not find");
        for (var i = 0; i < 10; i++)
            recorder.NoteShortfall(new FeedbackSource($"other{i}", $"other{i}", "webchat"), "What is the capital of France?", "I could not find");

        Assert.True(await notes.FlushAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(5, File.ReadAllLines(folder.File("feedback.jsonl")).Length);
    }

    [Fact]
    public async Task A_declined_question_is_noted_behind_the_reply_not_while_the_person_waits()
    {
        var log = new HeldFeedbackLog();
        var notes = new ShortfallNotes(log, Microsoft.Extensions.Logging.Abstractions.NullLogger<ShortfallNotes>.Instance);
        using var recorder = Recorder(log, notes, Options.Create(new FeedbackOptions()));

        var taken = recorder.NoteShortfall(new FeedbackSource("slow", "slow", "emulator"), "What is the capital of France?", "I could not find");

        Assert.True(taken);
        Assert.False(await notes.FlushAsync(TimeSpan.FromMilliseconds(200)));
        Assert.Empty(log.Written);
        log.Release.SetResult();
        Assert.True(await notes.FlushAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("What is the capital of France?", Assert.Single(log.Written).Question);
        await notes.StopAsync(CancellationToken.None);
    }

    static FeedbackRecorder Recorder(IFeedbackLog log, ShortfallNotes notes, IOptions<FeedbackOptions> options) =>
        new(new InMemoryConversationStore(Options.Create(new ConversationOptions()), TimeProvider.System), log, notes, TimeProvider.System, options,
            new Bot.Telemetry.BotTelemetry(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), Microsoft.Extensions.Logging.Abstractions.NullLogger<FeedbackRecorder>.Instance);

    /// <summary>A feedback log that takes nothing until released: a disk or a database that has stalled.</summary>
    sealed class HeldFeedbackLog : IFeedbackLog
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public System.Collections.Concurrent.ConcurrentQueue<FeedbackRecord> Written { get; } = new();

        public async ValueTask AppendAsync(FeedbackRecord record, CancellationToken cancellationToken)
        {
            await Release.Task.WaitAsync(cancellationToken);
            Written.Enqueue(record);
        }

        public ValueTask<IReadOnlyList<FeedbackRecord>> ReadAsync(DateTimeOffset since, int limit, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<FeedbackRecord>>([.. Written]);
    }

    [Fact]
    public void Channel_and_conversation_ids_that_join_alike_are_kept_apart()
    {
        var first = new Activity { ChannelId = "a", Conversation = new ConversationAccount { Id = "b|c" } };
        var second = new Activity { ChannelId = "a|b", Conversation = new ConversationAccount { Id = "c" } };

        Assert.NotEqual(first.ConversationKey, second.ConversationKey);
    }
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bot.BotFramework;
using Bot.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Support;

/// <summary>The bot's real web host, in memory, over the repository's corpus and the test run's shared index and model.</summary>
public sealed class BotApp : WebApplicationFactory<Program>
{
    readonly TempFolder _folder = new();
    readonly Dictionary<string, string?> _settings;

    public BotApp(Dictionary<string, string?>? settings = null) => _settings = settings ?? [];

    /// <summary>Every request the bot sends out, when set: a stand-in for the network, so nothing leaves the machine.</summary>
    public RecordingHandler? Outbound { get; init; }

    /// <summary>Further test-only services, such as a handler that trusts a test login server's certificate.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>The bot's clock, when the test needs to move time (token expiry, idle conversations).</summary>
    public TimeProvider? Clock { get; init; }

    public string FeedbackFile => _folder.File("feedback.jsonl");

    /// <summary>Whether the host is handed over only once the bot can answer (the default).</summary>
    public bool WaitUntilReady { get; init; } = true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Corpus:Path", Repository.Corpus);
        // The run's shared index holds the repository corpus; a test's own corpus gets an index of its own.
        var ownCorpus = _settings.TryGetValue("Corpus:Path", out var corpus) && corpus != Repository.Corpus;
        builder.UseSetting("Corpus:IndexPath", ownCorpus ? _folder.File("index") : TestIndex.RepositoryFolder);
        builder.UseSetting("Feedback:Path", FeedbackFile);
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddSingleton(TestIndex.Model));
        if (Outbound is { } outbound)
            builder.ConfigureTestServices(services => services.AddHttpClient<ReplySender>().ConfigurePrimaryHttpMessageHandler(() => outbound));
        if (Clock is { } clock)
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        if (TestServices is { } configure)
            builder.ConfigureTestServices(configure);
    }

    /// <summary>The host, once it can answer: tests ask their questions of a bot that is ready, as a person would after the first start.</summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        if (WaitUntilReady)
            host.Services.GetRequiredService<Readiness>().WhenReady.Wait(TimeSpan.FromSeconds(120));
        return host;
    }

    /// <summary>
    /// Why the bot, built as Program.cs builds it and with these settings, will not start; null if it starts.
    /// Outside the test host, whose start-up failures can surface as a disposed provider instead of their reason.
    /// </summary>
    public static async Task<Exception?> StartFailureAsync(Dictionary<string, string?> settings)
    {
        using var folder = new TempFolder();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Corpus:Path"] = Repository.Corpus,
            ["Corpus:IndexPath"] = TestIndex.RepositoryFolder,
            ["Feedback:Path"] = folder.File("feedback.jsonl"),
            ["Urls"] = "http://127.0.0.1:0",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddAnswering();
        builder.AddChannels();
        builder.Services.AddSingleton(TestIndex.Model);
        await using var app = builder.Build();
        try
        {
            app.MapBot();
            await app.StartAsync();
            await app.StopAsync();
            return null;
        }
#pragma warning disable CA1031 // The failure is the result.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e;
        }
    }

    public async Task<HttpResponseMessage> PostActivityAsync(object activity) =>
        await CreateClient().PostAsJsonAsync("/api/messages", activity);

    public async Task<JsonArray> ExpectRepliesAsync(object activity)
    {
        var response = await PostActivityAsync(activity);
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return body["activities"]!.AsArray();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            _folder.Dispose();
    }
}

/// <summary>Answers every outbound request with 200 and remembers it, without touching the network.</summary>
public sealed class RecordingHandler : HttpMessageHandler
{
    public List<Uri> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests)
            Requests.Add(request.RequestUri!);
        return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("{\"id\":\"1\"}") });
    }
}

/// <summary>An activity as a channel would post it, with a unique conversation unless one is given.</summary>
public static class Activities
{
    /// <summary>The id of the answer a reply carries in its like and dislike actions (the bot's turn id).</summary>
    public static string TurnIdOf(JsonNode reply) => (string)reply["entities"]![0]!["potentialAction"]![0]!["object"]!["@id"]!;

    /// <summary>Web Chat's event for a like (LikeAction) or dislike (DislikeAction) pressed under an answer.</summary>
    public static Dictionary<string, object?> Feedback(string conversationId, string action, string turnId)
    {
        var press = Message("", conversationId);
        press["type"] = "event";
        press["name"] = "webchat:activity-status/feedback";
        press["entities"] = new[] { new Dictionary<string, object> { ["@type"] = action, ["object"] = new Dictionary<string, object> { ["@type"] = "Message", ["@id"] = turnId } } };
        return press;
    }

    public static Dictionary<string, object?> Message(string text, string? conversationId = null, string serviceUrl = "http://127.0.0.1:1/", bool expectReplies = true)
    {
        var activity = new Dictionary<string, object?>
        {
            ["type"] = "message",
            ["id"] = "activity-" + Guid.NewGuid().ToString("N")[..8],
            ["timestamp"] = "2026-11-21T09:00:00Z",
            ["channelId"] = "emulator",
            ["serviceUrl"] = serviceUrl,
            ["from"] = new { id = "user-1", name = "User", role = "user" },
            ["recipient"] = new { id = "bot-1", name = "Bot", role = "bot" },
            ["conversation"] = new { id = conversationId ?? "conversation-" + Guid.NewGuid().ToString("N")[..8] },
            ["text"] = text,
            ["locale"] = "en-US",
        };
        if (expectReplies)
            activity["deliveryMode"] = "expectReplies";
        return activity;
    }
}

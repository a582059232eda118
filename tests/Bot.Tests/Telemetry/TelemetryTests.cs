using Bot.Telemetry;
using Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Bot.Tests.Telemetry;

/// <summary>
/// Meters and activity sources are process-wide, and an OpenTelemetry provider listens to every one of the
/// bot's name: beside other test hosts, a collector here would also take their instruments, and a host that
/// is disposed mid-test takes the metric stream it shares with this one's along (seen once as a missing
/// counter on a loaded run). So these tests run with no other test beside them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryRunsAlone
{
    public const string Name = "Telemetry";
}

/// <summary>Traces and metrics as an operator's collector receives them, over OTLP on loopback.</summary>
[Collection(TelemetryRunsAlone.Name)]
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_turn_arrives_at_the_collector_as_a_trace_with_its_parts_and_as_metrics()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var app = new BotApp(collector.Settings());

        await app.ExpectRepliesAsync(Activities.Message("Who won the Russo-Japanese War?", "telemetry-conversation"));
        await app.ExpectRepliesAsync(Activities.Message("What is the capital of France?"));

        await collector.WaitForAsync("traces", "turn", "retrieval", "composition", "reply send", "telemetry-conversation", "bot.outcome", "POST /api/messages");
        await collector.WaitForAsync("metrics", "bot.turns", "bot.turn.duration", "answered", "not_found", "http.server.request.duration");
    }

    [Fact]
    public async Task Model_fallbacks_and_feedback_are_counted()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var model = await FakeModel.StartAsync(_ => new ModelReply.Status(503));
        var settings = collector.Settings();
        foreach (var (key, value) in model.Settings())
            settings[key] = value;
        await using var app = new BotApp(settings);

        var replies = await app.ExpectRepliesAsync(Activities.Message("Is there a peace treaty?", "fallback-conversation"));
        (await app.PostActivityAsync(Activities.Feedback("fallback-conversation", "DislikeAction", Activities.TurnIdOf(replies[0]!)))).EnsureSuccessStatusCode();

        await collector.WaitForAsync("metrics", "bot.model.fallbacks", "model_failed", "bot.feedback", "dislike");
    }

    [Fact]
    public async Task With_an_Application_Insights_connection_string_turns_are_sent_to_its_ingestion_endpoint()
    {
        await using var ingestion = await AzureMonitorIngestion.StartAsync();
        await using var app = new BotApp(new()
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = $"InstrumentationKey=11111111-2222-3333-4444-555555555555;IngestionEndpoint={ingestion.Endpoint};LiveEndpoint={ingestion.Endpoint}",
            // Every test host's turns pass the process-wide activity source; the distro's default rate limit could drop this one.
            ["AzureMonitor:TracesPerSecond"] = "10000",
        });

        await app.ExpectRepliesAsync(Activities.Message("Who won the Russo-Japanese War?", "azure-conversation"));

        await ingestion.WaitForAsync("\"name\":\"turn\"", "azure-conversation");
    }

    [Fact]
    public async Task Without_an_exporter_configured_nothing_is_collected()
    {
        await using var app = new BotApp();

        Assert.Null(app.Services.GetService<TracerProvider>());
        await app.ExpectRepliesAsync(Activities.Message("Who won the Russo-Japanese War?"));
        Assert.NotNull(app.Services.GetService<BotTelemetry>());
    }
}

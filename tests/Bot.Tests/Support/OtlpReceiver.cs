using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bot.Tests.Support;

/// <summary>
/// An OpenTelemetry collector's OTLP/HTTP endpoint on 127.0.0.1: it takes what exporters post to
/// /v1/traces and /v1/metrics (protobuf) and keeps it, so a test can see what arrived.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly ConcurrentQueue<(string Signal, byte[] Body)> _received = new();

    OtlpReceiver(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver(Loopback.NewServer());
        receiver._app.MapPost("/v1/{signal}", async (string signal, HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            receiver._received.Enqueue((signal, body.ToArray()));
            http.Response.ContentType = "application/x-protobuf";
        });
        await receiver._app.StartAsync();
        receiver.Endpoint = Loopback.AddressOf(receiver._app.Services);
        return receiver;
    }

    /// <summary>Settings that point a bot's exporter here, exporting within a fraction of a second.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
    };

    /// <summary>Waits (up to 30 s) until what arrived for the signal holds every one of the strings (names, as protobuf carries them: UTF-8).</summary>
    public async Task WaitForAsync(string signal, params string[] texts)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            var all = Text(signal);
            if (texts.All(t => all.Contains(t, StringComparison.Ordinal)))
                return;
            await Task.Delay(50);
        }
        var arrived = Text(signal);
        throw new TimeoutException($"The {signal} that arrived lack {string.Join(", ", texts.Where(t => !arrived.Contains(t, StringComparison.Ordinal)))}.");
    }

    public string Text(string signal) =>
        string.Concat(_received.Where(r => r.Signal == signal).Select(r => Encoding.UTF8.GetString(r.Body)));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>Application Insights' ingestion endpoint on 127.0.0.1: what the Azure Monitor exporter posts to /v2.1/track (gzipped JSON lines).</summary>
public sealed class AzureMonitorIngestion : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly ConcurrentQueue<string> _received = new();

    AzureMonitorIngestion(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public static async Task<AzureMonitorIngestion> StartAsync()
    {
        var ingestion = new AzureMonitorIngestion(Loopback.NewServer());
        ingestion._app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            Stream source = http.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
                ? new System.IO.Compression.GZipStream(http.Request.Body, System.IO.Compression.CompressionMode.Decompress)
                : http.Request.Body;
            await source.CopyToAsync(body);
            ingestion._received.Enqueue(Encoding.UTF8.GetString(body.ToArray()));
            return Results.Json(new { itemsReceived = 1, itemsAccepted = 1, errors = Array.Empty<object>() });
        });
        await ingestion._app.StartAsync();
        ingestion.Endpoint = Loopback.AddressOf(ingestion._app.Services);
        return ingestion;
    }

    public async Task WaitForAsync(params string[] texts)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            var all = string.Concat(_received);
            if (texts.All(t => all.Contains(t, StringComparison.Ordinal)))
                return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Application Insights received nothing holding: {string.Join(", ", texts)}.\n{string.Concat(_received)[..Math.Min(2000, string.Concat(_received).Length)]}");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

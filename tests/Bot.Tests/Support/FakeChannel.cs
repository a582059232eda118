using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bot.Tests.Support;

/// <summary>
/// A channel's Connector API on 127.0.0.1, as the Bot Framework Emulator serves it: it takes replies at
/// /v3/conversations/{id}/activities/{replyToId} and can be told to fail the first few.
/// </summary>
public sealed class FakeChannel : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly ConcurrentQueue<int> _failures = new();
    volatile TaskCompletionSource _gate = Open();

    static TaskCompletionSource Open()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    public sealed record Received(string Path, JsonNode Activity, string? Authorization, string Id);

    public ConcurrentQueue<Received> Replies { get; } = new();
    public int Attempts => _attempts;
    int _attempts;

    FakeChannel(WebApplication app) => _app = app;

    public Uri ServiceUrl { get; private set; } = null!;

    public static async Task<FakeChannel> StartAsync()
    {
        var app = Loopback.NewServer();
        var channel = new FakeChannel(app);
        app.MapPost("/v3/conversations/{conversationId}/activities/{**rest}", async (HttpContext http) =>
        {
            Interlocked.Increment(ref channel._attempts);
            await channel._gate.Task;
            if (channel.RedirectTo is { } location)
            {
                http.Response.Headers.Location = location.ToString();
                return Results.StatusCode(channel.RedirectStatus);
            }
            if (channel._failures.TryDequeue(out var status))
            {
                if (status == StatusCodes.Status429TooManyRequests)
                    http.Response.Headers.RetryAfter = channel.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.Json(new { error = new { code = "Throttled", message = "try later" } }, statusCode: status);
            }
            var activity = await JsonNode.ParseAsync(http.Request.Body);
            var id = Guid.NewGuid().ToString("N");
            var authorization = http.Request.Headers.Authorization.ToString();
            channel.Replies.Enqueue(new Received(http.Request.Path, activity!, authorization.Length > 0 ? authorization : null, id));
            return Results.Json(new { id });
        });
        await app.StartAsync();
        channel.ServiceUrl = Loopback.AddressOf(app.Services);
        return channel;
    }

    /// <summary>What a 429 says to wait, in seconds.</summary>
    public int RetryAfterSeconds { get; set; }

    /// <summary>When set, every request is answered with a redirect (<see cref="RedirectStatus"/>) to this address.</summary>
    public Uri? RedirectTo { get; set; }

    public int RedirectStatus { get; set; } = StatusCodes.Status307TemporaryRedirect;

    /// <summary>Requests wait, unanswered, until <see cref="Release"/>: a channel that is slow to take replies.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    /// <summary>The next requests fail with these statuses, in order.</summary>
    public void FailNext(params int[] statuses)
    {
        foreach (var status in statuses)
            _failures.Enqueue(status);
    }

    /// <summary>The next activity the bot posted; typing indicators are passed over unless asked for.</summary>
    public async Task<Received> NextReplyAsync(TimeSpan? timeout = null, bool includeTyping = false)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < (timeout ?? TimeSpan.FromSeconds(10)))
        {
            if (Replies.TryDequeue(out var reply) && (includeTyping || (string?)reply.Activity["type"] != "typing"))
                return reply;
            if (reply is not null)
                continue;
            await Task.Delay(20);
        }
        throw new TimeoutException("The bot sent no reply to the fake channel in time.");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

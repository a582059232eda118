using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bot.Tests.Support;

/// <summary>What the fake model does with one request.</summary>
public abstract record ModelReply
{
    /// <summary>A well-formed chat completion carrying this text.</summary>
    public sealed record Text(string Content) : ModelReply;

    /// <summary>An error status with an OpenAI-style error body.</summary>
    public sealed record Status(int Code) : ModelReply;

    /// <summary>Accepts the request and never answers.</summary>
    public sealed record Hang : ModelReply;

    /// <summary>200 with a body that is not a chat completion.</summary>
    public sealed record Malformed(string Body) : ModelReply;

    /// <summary>
    /// A streamed reply in these parts. After the first part the stream waits for <paramref name="Resume"/>, if
    /// given, so a test can look at what the bot shows mid-answer; <paramref name="Cut"/> drops the connection
    /// before the finish, as a server that dies mid-answer does.
    /// </summary>
    public sealed record Streamed(IReadOnlyList<string> Parts, Task? Resume = null, bool Cut = false) : ModelReply;
}

/// <summary>A chat-completions request as the fake model received it.</summary>
public sealed class ModelRequest(JsonObject body, string? authorization)
{
    public JsonObject Body { get; } = body;

    /// <summary>The Authorization header the bot sent, if any.</summary>
    public string? Authorization { get; } = authorization;

    public string Model => (string)Body["model"]!;

    public string System => Message("system");

    public string User => Message("user");

    /// <summary>The JSON data of the user message (everything from its first brace).</summary>
    public JsonObject Data => JsonNode.Parse(User[User.IndexOf('{', StringComparison.Ordinal)..])!.AsObject();

    /// <summary>The numbered passages the bot gave, by number.</summary>
    public IReadOnlyDictionary<int, string> Passages =>
        Data["passages"]?.AsArray().ToDictionary(p => (int)p!["number"]!, p => (string)p!["value"]!) ?? [];

    /// <summary>Whether the bot asked for the reply as a stream.</summary>
    public bool Streams => Body["stream"]?.GetValue<bool>() == true;

    /// <summary>The number of the first passage that holds all these words, or 0.</summary>
    public int PassageWith(params string[] words) =>
        Passages.Where(p => words.All(w => p.Value.Contains(w, StringComparison.OrdinalIgnoreCase))).Select(p => p.Key).DefaultIfEmpty(0).Min();

    string Message(string role) =>
        string.Join("\n", Body["messages"]!.AsArray().Where(m => (string?)m!["role"] == role).Select(m => (string)m!["content"]!));
}

/// <summary>
/// An OpenAI-compatible chat server on loopback, answering from a script: real HTTP, real JSON, so the
/// bot's model client is exercised exactly as against Ollama or OpenAI.
/// </summary>
public sealed class FakeModel : IAsyncDisposable
{
    readonly WebApplication _server;
    readonly CancellationTokenSource _stopping = new();
    readonly List<ModelRequest> _requests = [];

    FakeModel(WebApplication server) => _server = server;

    /// <summary>The script: what to do with each request. Replaceable between turns.</summary>
    public Func<ModelRequest, ModelReply> Script { get; set; } = _ => new ModelReply.Text("NOT_FOUND");

    /// <summary>The base address, as <c>Llm:Endpoint</c> takes it.</summary>
    public Uri Endpoint { get; private set; } = null!;

    int _partsStreamed;

    /// <summary>How many parts of streamed replies reached the bot before it stopped reading or the stream ended.</summary>
    public int PartsStreamed => Volatile.Read(ref _partsStreamed);

    public IReadOnlyList<ModelRequest> Requests
    {
        get
        {
            lock (_requests)
                return [.. _requests];
        }
    }

    /// <summary>Waits (on the wall clock, up to 30 s) until the server has received this many requests.</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        var giveUp = Stopwatch.StartNew();
        while (Requests.Count < count)
        {
            if (giveUp.Elapsed > TimeSpan.FromSeconds(30))
                throw new TimeoutException($"The model received {Requests.Count} requests, not {count}.");
            await Task.Delay(10);
        }
    }

    public static async Task<FakeModel> StartAsync(Func<ModelRequest, ModelReply>? script = null)
    {
        var model = new FakeModel(Loopback.NewServer());
        if (script is not null)
            model.Script = script;
        model._server.MapPost("/v1/chat/completions", model.CompleteAsync);
        await model._server.StartAsync();
        model.Endpoint = new Uri(Loopback.AddressOf(model._server.Services), "v1");
        return model;
    }

    /// <summary>Settings that point the bot at this server.</summary>
    public Dictionary<string, string?> Settings(double timeoutSeconds = 5) => new()
    {
        ["Llm:Endpoint"] = Endpoint.ToString(),
        ["Llm:Model"] = "fake-model",
        ["Llm:Timeout"] = TimeSpan.FromSeconds(timeoutSeconds).ToString("c", System.Globalization.CultureInfo.InvariantCulture),
    };

    async Task CompleteAsync(HttpContext context)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!.AsObject();
        var request = new ModelRequest(body, context.Request.Headers.Authorization.FirstOrDefault());
        lock (_requests)
            _requests.Add(request);

        var reply = Script(request);
        // A plain reply to a request for a stream is streamed a word at a time.
        if (request.Streams && reply is ModelReply.Text whole)
            reply = new ModelReply.Streamed([.. System.Text.RegularExpressions.Regex.Split(whole.Content, @"(?<=\s)")]);
        else if (!request.Streams && reply is ModelReply.Streamed parts)
            reply = new ModelReply.Text(string.Concat(parts.Parts));
        switch (reply)
        {
            case ModelReply.Streamed streamed:
                await StreamAsync(context, request.Model, streamed);
                break;
            case ModelReply.Text text:
                await Results.Json(Completion(request.Model, text.Content)).ExecuteAsync(context);
                break;
            case ModelReply.Status status:
                context.Response.StatusCode = status.Code;
                await Results.Json(new { error = new { message = "scripted failure", type = "server_error", code = status.Code } }, statusCode: status.Code).ExecuteAsync(context);
                break;
            case ModelReply.Hang:
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token))
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, linked.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
                break;
            case ModelReply.Malformed malformed:
                context.Response.ContentType = "application/json";
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(malformed.Body));
                break;
        }
    }

    async Task StreamAsync(HttpContext context, string model, ModelReply.Streamed streamed)
    {
        context.Response.ContentType = "text/event-stream";
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12];
        async Task SendAsync(JsonObject delta, string? finish)
        {
            var chunk = new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion.chunk",
                ["created"] = 1_795_000_000,
                ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
            };
            await context.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        await SendAsync(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null);
        for (var i = 0; i < streamed.Parts.Count; i++)
        {
            try
            {
                await SendAsync(new JsonObject { ["content"] = streamed.Parts[i] }, null);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
            {
                // The bot stopped reading and let the connection go.
                return;
            }
            Interlocked.Increment(ref _partsStreamed);
            if (i == 0 && streamed.Resume is { } resume)
                await resume.WaitAsync(_stopping.Token);
        }
        if (streamed.Cut)
        {
            context.Abort();
            return;
        }
        await SendAsync(new JsonObject(), "stop");
        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
    }

    static JsonObject Completion(string model, string content) => new()
    {
        ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12],
        ["object"] = "chat.completion",
        ["created"] = 1_795_000_000,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 20, ["total_tokens"] = 120 },
    };

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _server.StopAsync();
        await _server.DisposeAsync();
        _stopping.Dispose();
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.BotFramework.Auth;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using MsalException = Microsoft.Identity.Client.MsalException;

namespace Bot.BotFramework;

/// <summary>
/// Posts replies to the channel's Connector API at the activity's serviceUrl, retrying 429 and 5xx with
/// backoff (honouring Retry-After), carrying the bot's own token when it has an identity, and refusing
/// addresses the bot has no reason to trust.
/// </summary>
public sealed partial class ReplySender
{
    readonly HttpClient _http;
    readonly ConnectorOptions _options;
    readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    readonly ILogger<ReplySender> _logger;
    readonly IBotTokenProvider _tokens;

    public ReplySender(HttpClient http, IOptions<ConnectorOptions> options, IBotTokenProvider tokens, TimeProvider time, ILogger<ReplySender> logger)
    {
        _http = http;
        _tokens = tokens;
        _options = options.Value;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            // All attempts and waits of one reply together: a channel's Retry-After of an hour must not hold the conversation an hour.
            .AddTimeout(_options.SendBudget)
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _options.SendAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => r.StatusCode == HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    LogRetrying(_logger, args.AttemptNumber + 1, args.Outcome.Result is { } r ? (int)r.StatusCode : 0, args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(_options.SendTimeout)
            .Build();
    }

    /// <summary>
    /// Whether the bot may send to this serviceUrl: one a validated channel token vouched for, loopback, or
    /// one listed in configuration. Anyone can post an activity naming any serviceUrl; only these are called.
    /// </summary>
    public bool IsAllowed(string? serviceUrl, bool vouched = false)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return false;
        if (vouched || uri.IsLoopback)
            return true;
        return _options.AllowedServiceUrls.Any(allowed =>
            string.Equals(allowed.Scheme, uri.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(allowed.Host, uri.Host, StringComparison.OrdinalIgnoreCase)
            && allowed.Port == uri.Port
            && uri.AbsolutePath.StartsWith(allowed.AbsolutePath, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Sends one reply; returns the id the channel gave it, or null when it was not delivered. Never throws
    /// for the channel's failures.
    /// </summary>
    public async Task<string?> SendAsync(Activity reply, CancellationToken cancellationToken, bool vouched = false)
    {
        var conversationId = reply.Conversation?.Id ?? "";
        if (!IsAllowed(reply.ServiceUrl, vouched))
        {
            LogRefused(_logger, conversationId, reply.ServiceUrl ?? "(none)");
            return null;
        }
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities";
        if (!string.IsNullOrEmpty(reply.ReplyToId))
            path += "/" + Uri.EscapeDataString(reply.ReplyToId);
        var target = new Uri(new Uri(reply.ServiceUrl!.TrimEnd('/') + "/"), path);

        // Serialised up front so the request carries a Content-Length: some channel proxies refuse chunked bodies.
        var body = JsonSerializer.Serialize(reply, ActivityJson.Options);
        try
        {
            if (reply.Type == ActivityTypes.Typing)
                return await SendTypingAsync(target, body, conversationId, cancellationToken).ConfigureAwait(false);
            using var response = await _pipeline.ExecuteAsync(
                async token =>
                {
                    using var request = await RequestAsync(target, body, token).ConfigureAwait(false);
                    return await _http.SendAsync(request, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
                return await ReplyIdAsync(response, cancellationToken).ConfigureAwait(false);
            LogRejected(_logger, conversationId, (int)response.StatusCode, target);
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or OperationCanceledException or MsalException)
        {
            LogFailed(_logger, conversationId, target, e.Message);
            return null;
        }
    }

    /// <summary>The request with the bot's own token when it has an identity; asked for per attempt, so a renewed token is used on retry.</summary>
    async Task<HttpRequestMessage> RequestAsync(Uri target, string body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, target)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false) is { } token)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    static async Task<string> ReplyIdAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return body.Length > 0 ? JsonFields.Text(JsonNode.Parse(body), "id") ?? "" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    /// <summary>
    /// One try, briefly: a typing indicator (or a draft of an answer being written) that arrives late is worse
    /// than none, and the answer it announces must not wait behind its retries. Returns the id the channel
    /// gave it (a stream is named by its first one), or null when it did not land.
    /// </summary>
    async Task<string?> SendTypingAsync(Uri target, string body, string conversationId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TypingTimeout);
        try
        {
            using var request = await RequestAsync(target, body, timeout.Token).ConfigureAwait(false);
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
                return await ReplyIdAsync(response, timeout.Token).ConfigureAwait(false);
            LogRejected(_logger, conversationId, (int)response.StatusCode, target);
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or MsalException)
        {
            LogTypingFailed(_logger, conversationId, e.Message);
            return null;
        }
    }

    static readonly TimeSpan TypingTimeout = TimeSpan.FromSeconds(2);

    static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var retryAfter = response?.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
            return delta > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : delta;
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: not sending to serviceUrl {ServiceUrl}, which is neither loopback nor configured in Channels:AllowedServiceUrls")]
    static partial void LogRefused(ILogger logger, string conversationId, string serviceUrl);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Conversation {ConversationId}: the typing indicator was not delivered: {Error}")]
    static partial void LogTypingFailed(ILogger logger, string conversationId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reply attempt {Attempt} after status {Status}; retrying in {DelayMs:F0} ms")]
    static partial void LogRetrying(ILogger logger, int attempt, int status, double delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Conversation {ConversationId}: the channel answered {Status} to the reply sent to {Target}")]
    static partial void LogRejected(ILogger logger, string conversationId, int status, Uri target);

    [LoggerMessage(Level = LogLevel.Error, Message = "Conversation {ConversationId}: sending the reply to {Target} failed: {Error}")]
    static partial void LogFailed(ILogger logger, string conversationId, Uri target, string error);
}

using Bot.BotFramework;
using Bot.BotFramework.Auth;
using Bot.Conversations;
using Microsoft.Extensions.Options;

namespace Bot.Channels;

/// <summary>
/// <c>POST /api/messages</c>, the Bot Framework endpoint that the Emulator and Azure Bot Service call.
/// With deliveryMode expectReplies the replies come back in the response; otherwise the request is
/// answered at once and the replies are posted to the channel's serviceUrl by the background turns.
/// </summary>
public static partial class MessagesEndpoint
{
    public static IEndpointRouteBuilder MapMessages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/messages", HandleAsync);
        return endpoints;
    }

    /// <summary>
    /// What the endpoint needs, gathered so its handler takes one parameter for them. The reply sender is not among
    /// them: a typed HTTP client with its retry pipeline is made for each request that asks for one, a tenth of a
    /// turn's time, and a turn answered in the response (expectReplies) sends nothing.
    /// </summary>
    internal sealed record Services(
        ActivityHandler Handler,
        BackgroundTurns Queue,
        ChannelTokenValidator Validator,
        IOptions<BotAuthOptions> Auth,
        IOptions<ChannelOptions> Options,
        ILoggerFactory Loggers);

    static async Task<IResult> HandleAsync(HttpContext http, [AsParameters] Services services)
    {
        var (handler, queue, validator, auth, options, loggers) = services;
        var logger = loggers.CreateLogger(typeof(MessagesEndpoint));

        // With an app id, nothing is read, let alone answered, before the token checks out.
        ValidatedToken? token = null;
        if (auth.Value.IsAuthenticated)
        {
            var check = await validator.ValidateAsync(http.Request.Headers.Authorization.ToString(), http.RequestAborted).ConfigureAwait(false);
            if (check.Token is null)
                return Unauthorized(http, logger, check.Refusal!);
            token = check.Token;
        }

        var (activity, problem) = await ActivityReader.ReadAsync(http, requireConversation: true).ConfigureAwait(false);
        if (problem is not null)
        {
            LogRejected(logger, problem.Value.Status, problem.Value.Message);
            return ActivityReader.Error(problem.Value.Status, problem.Value.Message);
        }
        if (token is not null && ChannelTokenValidator.RefusalFor(token, activity!) is { } refusal)
            return Unauthorized(http, logger, refusal);
        // A channel token names the serviceUrl it vouches for, and it was checked to be this activity's.
        var vouched = token?.FromChannel == true;
        activity!.Caller = token switch
        {
            null => "api",
            { FromChannel: true } => "api:botframework",
            _ => $"api:app:{token.CallerAppId}",
        };

        var publicBase = PublicBase(http, options.Value);
        var conversationId = activity!.Conversation?.Id ?? "";
        if (activity.Type == ActivityTypes.Invoke)
        {
            return await handler.InvokeAsync(activity, http.RequestAborted).ConfigureAwait(false) switch
            {
                null => ActivityReader.Error(StatusCodes.Status501NotImplemented, $"This bot does not handle the invoke '{activity.Name}'."),
                FeedbackOutcome.TooFast => ActivityReader.TooManyRequests(http, TimeSpan.FromSeconds(10), "Feedback is being pressed faster than the bot takes it; wait a moment."),
                _ => Results.Json(new { }, ActivityJson.Options),
            };
        }

        if (string.Equals(activity.DeliveryMode, "expectReplies", StringComparison.OrdinalIgnoreCase))
        {
            var replies = await handler.HandleAsync(activity, publicBase, http.RequestAborted).ConfigureAwait(false);
            return Results.Json(new ExpectedReplies(replies), ActivityJson.Options);
        }

        if (activity.Type is ActivityTypes.Message or ActivityTypes.ConversationUpdate or ActivityTypes.Event)
        {
            var sender = http.RequestServices.GetRequiredService<ReplySender>();
            if (!sender.IsAllowed(activity.ServiceUrl, vouched))
            {
                LogUntrustedServiceUrl(logger, conversationId, activity.ServiceUrl ?? "(none)");
                return ActivityReader.Error(StatusCodes.Status400BadRequest,
                    "The activity's serviceUrl is not one this bot sends replies to (loopback, or Channels:AllowedServiceUrls).");
            }
            var queued = queue.TryEnqueue(conversationId, activity.ReceivedBytes, stopping => handler.HandleAsync(
                activity,
                publicBase,
                async (reply, cancel) => await sender.SendAsync(reply, cancel, vouched).ConfigureAwait(false),
                stopping));
            if (!queued)
            {
                LogQueueFull(logger, conversationId);
                return ActivityReader.TooManyRequests(http, TimeSpan.FromSeconds(5), "The bot has too many messages waiting for this conversation; send this one again in a moment.");
            }
        }
        return Results.Ok();
    }

    /// <summary>401 and nothing more: the caller learns no reason; the log keeps it.</summary>
    static IResult Unauthorized(HttpContext http, ILogger logger, string reason)
    {
        LogUnauthorized(logger, reason);
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.StatusCode(StatusCodes.Status401Unauthorized);
    }

    internal static Uri PublicBase(HttpContext http, ChannelOptions options)
    {
        if (options.PublicUrl is { } configured)
            return configured.AbsoluteUri.EndsWith('/') ? configured : new Uri(configured.AbsoluteUri + "/");
        // The request guard has refused a request without a Host; a Host no address can be built from is the client's error too.
        return Uri.TryCreate($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/", UriKind.Absolute, out var address)
            ? address
            : throw new BadHttpRequestException($"The Host header '{http.Request.Host}' is not an address.", StatusCodes.Status400BadRequest);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an unauthenticated request with 401: {Reason}")]
    static partial void LogUnauthorized(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected an activity with {Status}: {Reason}")]
    static partial void LogRejected(ILogger logger, int status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: the turn queue is full; answered 429")]
    static partial void LogQueueFull(ILogger logger, string conversationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: refused an activity whose serviceUrl {ServiceUrl} is not trusted")]
    static partial void LogUntrustedServiceUrl(ILogger logger, string conversationId, string serviceUrl);
}

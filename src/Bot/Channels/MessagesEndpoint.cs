using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Bot.Channels;

/// <summary>
/// <c>POST /api/messages</c>, the Bot Framework endpoint that the Emulator and Azure Bot Service call.
/// With deliveryMode expectReplies the replies come back in the response; otherwise the request is
/// answered at once and the replies are posted to the channel's serviceUrl by the background turns.
/// </summary>
public static partial class MessagesEndpoint
{
    /// <summary>Direct Line and Azure channels cap an activity near 256 KB; anything larger is not from a channel.</summary>
    public const int MaxActivityBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapMessages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/messages", HandleAsync);
        return endpoints;
    }

    static async Task<IResult> HandleAsync(
        HttpContext http,
        ActivityHandler handler,
        BackgroundTurns queue,
        ReplySender sender,
        IOptions<ChannelOptions> options,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(MessagesEndpoint));
        var (activity, problem) = await ReadActivityAsync(http).ConfigureAwait(false);
        if (problem is not null)
        {
            LogRejected(logger, problem.Value.Status, problem.Value.Message);
            return Error(problem.Value.Status, problem.Value.Message);
        }

        var publicBase = PublicBase(http, options.Value);
        var conversationId = activity!.Conversation?.Id ?? "";
        if (activity.Type == ActivityTypes.Invoke)
            return Error(StatusCodes.Status501NotImplemented, $"This bot does not handle the invoke '{activity.Name}'.");

        if (string.Equals(activity.DeliveryMode, "expectReplies", StringComparison.OrdinalIgnoreCase))
        {
            var replies = await handler.HandleAsync(activity, publicBase, http.RequestAborted).ConfigureAwait(false);
            return Results.Json(new ExpectedReplies(replies), ActivityJson.Options);
        }

        if (activity.Type is ActivityTypes.Message or ActivityTypes.ConversationUpdate or ActivityTypes.Event)
        {
            if (!sender.IsAllowed(activity.ServiceUrl))
            {
                LogUntrustedServiceUrl(logger, conversationId, activity.ServiceUrl ?? "(none)");
                return Error(StatusCodes.Status400BadRequest,
                    "The activity's serviceUrl is not one this bot sends replies to (loopback, or Channels:AllowedServiceUrls).");
            }
            queue.Enqueue(conversationId, async stopping =>
            {
                foreach (var reply in await handler.HandleAsync(activity, publicBase, stopping).ConfigureAwait(false))
                    await sender.SendAsync(reply, stopping).ConfigureAwait(false);
            });
        }
        return Results.Ok();
    }

    /// <summary>Reads and checks the body: size first, then JSON, then the fields every activity needs.</summary>
    internal static async Task<(Activity? Activity, (int Status, string Message)? Problem)> ReadActivityAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxActivityBytes)
            return (null, (StatusCodes.Status413PayloadTooLarge, $"The activity is larger than {MaxActivityBytes / 1024} KB."));

        // A chunked body has no length to check up front, so read at most one byte past the limit.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxActivityBytes + 1;
        using var body = new MemoryStream();
        try
        {
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted).ConfigureAwait(false)) > 0)
            {
                body.Write(buffer, 0, read);
                if (body.Length > MaxActivityBytes)
                    return (null, (StatusCodes.Status413PayloadTooLarge, $"The activity is larger than {MaxActivityBytes / 1024} KB."));
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, (StatusCodes.Status413PayloadTooLarge, $"The activity is larger than {MaxActivityBytes / 1024} KB."));
        }

        if (body.Length == 0)
            return (null, (StatusCodes.Status400BadRequest, "The request has no body; an activity in JSON was expected."));
        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize<Activity>(body.GetBuffer().AsSpan(0, (int)body.Length), ActivityJson.Options);
        }
        catch (JsonException e)
        {
            return (null, (StatusCodes.Status400BadRequest, $"The body is not a readable activity: {e.Message}"));
        }
        if (activity is null)
            return (null, (StatusCodes.Status400BadRequest, "The body is not a readable activity: it is JSON null."));
        if (string.IsNullOrWhiteSpace(activity.Type))
            return (null, (StatusCodes.Status400BadRequest, "The activity has no 'type'."));
        if (activity.Type is ActivityTypes.Message or ActivityTypes.ConversationUpdate && string.IsNullOrWhiteSpace(activity.Conversation?.Id))
            return (null, (StatusCodes.Status400BadRequest, "The activity has no 'conversation.id'."));
        return (activity, null);
    }

    internal static Uri PublicBase(HttpContext http, ChannelOptions options)
    {
        if (options.PublicUrl is { } configured)
            return configured.AbsoluteUri.EndsWith('/') ? configured : new Uri(configured.AbsoluteUri + "/");
        return new Uri($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/");
    }

    internal static IResult Error(int status, string message) =>
        Results.Json(new { error = new { code = ErrorCode(status), message } }, statusCode: status);

    static string ErrorCode(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "BadArgument",
        StatusCodes.Status413PayloadTooLarge => "MessageSizeTooBig",
        StatusCodes.Status501NotImplemented => "NotImplemented",
        _ => "ServiceError",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected an activity with {Status}: {Reason}")]
    static partial void LogRejected(ILogger logger, int status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: refused an activity whose serviceUrl {ServiceUrl} is not trusted")]
    static partial void LogUntrustedServiceUrl(ILogger logger, string conversationId, string serviceUrl);
}

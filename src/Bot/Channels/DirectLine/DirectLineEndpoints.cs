using System.Globalization;
using System.Text.Json;
using Bot.BotFramework;
using Bot.Storage;
using Microsoft.Extensions.Options;

namespace Bot.Channels.DirectLine;

/// <summary>
/// The part of Direct Line 3.0 that Web Chat uses, served by the bot itself under <c>/v3/directline</c>: tokens,
/// conversations, posting activities, and polling for them with watermarks. Turns run through the same
/// <see cref="ActivityHandler"/>, queue and conversation memory as <c>/api/messages</c>; the only difference
/// is that replies are added to the conversation's stream instead of being posted to a serviceUrl.
/// </summary>
public static partial class DirectLineEndpoints
{
    public const string CorsPolicy = "DirectLine";
    public const string ChannelId = "directline";
    const string BotId = "bot";

    public static IEndpointRouteBuilder MapDirectLine(this IEndpointRouteBuilder endpoints)
    {
        var directLine = endpoints.MapGroup("/v3/directline").RequireCors(CorsPolicy).AnswersOutagesWith503();
        directLine.MapPost("/tokens/generate", GenerateToken);
        directLine.MapPost("/tokens/refresh", RefreshToken);
        directLine.MapPost("/conversations", StartConversation);
        directLine.MapGet("/conversations/{conversationId}", Reconnect);
        directLine.MapPost("/conversations/{conversationId}/activities", PostActivity);
        directLine.MapGet("/conversations/{conversationId}/activities", GetActivities);
        return endpoints;
    }

    /// <summary>A server holding a secret trades it for a token that opens one new conversation.</summary>
    static async Task<IResult> GenerateToken(HttpContext http, DirectLineTokens tokens)
    {
        if (!tokens.IsSecret(Bearer(http)))
            return ActivityReader.Error(StatusCodes.Status403Forbidden, "A Direct Line secret is needed to generate a token (see DirectLine:Secrets).");
        var (user, problem) = await ReadUserAsync(http).ConfigureAwait(false);
        if (problem is not null)
            return ActivityReader.Error(StatusCodes.Status400BadRequest, problem);
        return Results.Json(Shape(tokens.IssueForNewConversation(user?.Id, user?.Name)));
    }

    static IResult RefreshToken(HttpContext http, DirectLineTokens tokens)
    {
        if (Authorize(http, tokens, conversationId: null, out var grant) is { } refused)
            return refused;
        return Results.Json(Shape(tokens.Issue(grant!.ConversationId, grant.UserId, grant.UserName)));
    }

    /// <summary>
    /// With a token, opens the conversation the token was made for; with a secret, a new one. The first
    /// start tells the bot who joined, as Direct Line does, so the welcome is waiting in the stream.
    /// </summary>
    static async Task<IResult> StartConversation(HttpContext http, [AsParameters] DirectLineServices services)
    {
        var (tokens, store, _, turns, options, channelOptions, time, _) = services;
        IssuedToken issued;
        DirectLineGrant grant;
        if (tokens.IsSecret(Bearer(http)))
        {
            issued = tokens.IssueForNewConversation();
            grant = issued.Grant!;
        }
        else
        {
            if (Authorize(http, tokens, conversationId: null, out var held) is { } refused)
                return refused;
            grant = held!;
            issued = new IssuedToken(grant.ConversationId, Bearer(http)!, (int)(grant.Expires - time.GetUtcNow()).TotalSeconds);
        }

        var started = await store.StartAsync(grant.ConversationId, http.RequestAborted).ConfigureAwait(false);
        if (started)
        {
            var bot = Bot(options.Value);
            var user = new ChannelAccount { Id = grant.UserId, Name = grant.UserName, Role = "user" };
            var joined = new Activity
            {
                Type = ActivityTypes.ConversationUpdate,
                ChannelId = ChannelId,
                Conversation = new ConversationAccount { Id = grant.ConversationId },
                From = user,
                Recipient = bot,
                MembersAdded = [bot, user],
            };
            turns.Run(joined, grant.ConversationId, MessagesEndpoint.PublicBase(http, channelOptions.Value));
        }
        return Results.Json(Shape(issued), statusCode: started ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    static async Task<IResult> Reconnect(string conversationId, HttpContext http, DirectLineTokens tokens, IDirectLineStore store, TimeProvider time)
    {
        if (Authorize(http, tokens, conversationId, out var grant) is { } refused)
            return refused;
        if (!await store.ExistsAsync(conversationId, http.RequestAborted).ConfigureAwait(false))
            return ActivityReader.Error(StatusCodes.Status404NotFound, "The conversation has ended or never started.");
        return Results.Json(Shape(new IssuedToken(conversationId, Bearer(http)!, (int)(grant!.Expires - time.GetUtcNow()).TotalSeconds)));
    }

    static async Task<IResult> PostActivity(string conversationId, HttpContext http, [AsParameters] DirectLineServices services)
    {
        var (tokens, store, limits, turns, options, channelOptions, time, loggers) = services;
        var logger = loggers.CreateLogger(typeof(DirectLineEndpoints));
        if (Authorize(http, tokens, conversationId, out var grant) is { } refused)
            return refused;
        if (!await store.ExistsAsync(conversationId, http.RequestAborted).ConfigureAwait(false))
            return ActivityReader.Error(StatusCodes.Status404NotFound, "The conversation has ended or never started; start a new one.");
        if (!limits.TryPost(conversationId, out var retryAfter))
        {
            LogFlooded(logger, conversationId);
            return ActivityReader.TooManyRequests(http, retryAfter, "This conversation is posting faster than the bot takes messages; wait a moment and send again.");
        }
        if (!turns.HasRoomFor(conversationId, http.Request.ContentLength ?? 0))
        {
            LogFlooded(logger, conversationId);
            return ActivityReader.TooManyRequests(http, TimeSpan.FromSeconds(5), "The bot has too many messages waiting for this conversation; send this one again in a moment.");
        }

        var (activity, problem) = await ActivityReader.ReadAsync(http, requireConversation: false).ConfigureAwait(false);
        if (problem is not null)
        {
            LogRejected(logger, conversationId, problem.Value.Status, problem.Value.Message);
            return ActivityReader.Error(problem.Value.Status, problem.Value.Message);
        }

        if (VisitorProblem(activity!, options.Value) is { } tooMuch)
        {
            LogRejected(logger, conversationId, tooMuch.Status, tooMuch.Message);
            return ActivityReader.Error(tooMuch.Status, tooMuch.Message);
        }
        activity = AsVisitorPosted(activity!);

        // The stream, not the client, says who posted, where, and when: a visitor cannot speak as someone else.
        var publicBase = MessagesEndpoint.PublicBase(http, channelOptions.Value);
        activity.ChannelId = ChannelId;
        activity.ServiceUrl = publicBase.ToString();
        activity.Conversation = new ConversationAccount { Id = conversationId };
        activity.From = new ChannelAccount { Id = grant!.UserId, Name = grant.UserName ?? (activity.From?.Name is { Length: <= 100 } name ? name : null), Role = "user" };
        activity.Recipient = Bot(options.Value);
        activity.Timestamp = Timestamp(time);
        activity.DeliveryMode = null;

        // Web Chat's "is typing" needs no answer and no place in the stream.
        if (activity.Type == ActivityTypes.Typing)
            return Results.Json(new { id = $"{conversationId}|typing" });

        var stored = await store.AppendAsync(conversationId, activity, http.RequestAborted).ConfigureAwait(false);
        if (stored is null)
            return ActivityReader.Error(StatusCodes.Status404NotFound, "The conversation has ended; start a new one.");
        turns.Run(stored, conversationId, publicBase);
        return Results.Json(new { id = stored.Id });
    }

    /// <summary>Entities a visitor's activity may carry (a like or dislike is one), and their size together.</summary>
    const int MaxVisitorEntities = 4;
    const int MaxVisitorExtrasBytes = 4 * 1024;

    /// <summary>Why a visitor's activity is not what a chat needs (too long, another kind), or null when it is.</summary>
    static (int Status, string Message)? VisitorProblem(Activity activity, DirectLineOptions options)
    {
        if (activity.Type is not (ActivityTypes.Message or ActivityTypes.Event or ActivityTypes.Typing))
            return (StatusCodes.Status400BadRequest, "A web chat posts messages, events and typing; this activity is a '" + activity.Type + "'.");
        if (activity.Text?.Length > options.MaxTextLength)
            return (StatusCodes.Status413PayloadTooLarge, $"The message is {activity.Text.Length:N0} characters long; this chat takes up to {options.MaxTextLength:N0}.");
        return null;
    }

    /// <summary>
    /// What of a visitor's activity is kept in the stream: what a chat message or a feedback event needs, and
    /// nothing else a client may have put in it (attachments, unknown fields, large channelData). Every
    /// activity stays in memory or in the database until its conversation ends, so what is not needed is not kept.
    /// </summary>
    static Activity AsVisitorPosted(Activity posted)
    {
        var kept = new Activity
        {
            Type = posted.Type,
            Text = posted.Text,
            TextFormat = posted.TextFormat is "plain" or "markdown" ? posted.TextFormat : null,
            Locale = posted.Locale is { Length: <= 35 } locale ? locale : null,
            From = posted.From,
            Name = posted.Type == ActivityTypes.Event && posted.Name is { Length: <= 100 } name ? name : null,
        };
        if (JsonFields.Text(posted.ChannelData, "clientActivityID") is { Length: <= 100 } clientId)
            kept.ChannelData = new System.Text.Json.Nodes.JsonObject { ["clientActivityID"] = clientId };
        if (posted.Type == ActivityTypes.Event)
        {
            var entities = posted.Entities?.Take(MaxVisitorEntities).ToList();
            if (entities is not null && Size(entities) <= MaxVisitorExtrasBytes)
                kept.Entities = entities;
            if (posted.Value is { } value && value.GetRawText().Length <= MaxVisitorExtrasBytes)
                kept.Value = value;
        }
        return kept;
    }

    static int Size(object value) => JsonSerializer.SerializeToUtf8Bytes(value, ActivityJson.Options).Length;

    static async Task<IResult> GetActivities(string conversationId, string? watermark, HttpContext http, DirectLineTokens tokens, IDirectLineStore store)
    {
        if (Authorize(http, tokens, conversationId, out _) is { } refused)
            return refused;
        long? after = null;
        if (!string.IsNullOrEmpty(watermark))
        {
            if (!long.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                return ActivityReader.Error(StatusCodes.Status400BadRequest, "The watermark is not one this stream gave out.");
            after = parsed;
        }
        var page = await store.ReadAsync(conversationId, after, http.RequestAborted).ConfigureAwait(false);
        return page is null
            ? ActivityReader.Error(StatusCodes.Status404NotFound, "The conversation has ended.")
            : Results.Json(new { activities = page.Activities, watermark = page.Watermark }, ActivityJson.Options);
    }

    /// <summary>
    /// Checks the bearer token and, when a conversation is named, that the token is for it. Every refusal is
    /// a 403, as Direct Line answers, with a message that says which problem it was.
    /// </summary>
    static IResult? Authorize(HttpContext http, DirectLineTokens tokens, string? conversationId, out DirectLineGrant? grant)
    {
        var problem = tokens.Read(Bearer(http), out grant);
        if (problem == TokenProblem.None && conversationId is not null && !string.Equals(grant!.ConversationId, conversationId, StringComparison.Ordinal))
            problem = TokenProblem.OtherConversation;
        if (problem == TokenProblem.None)
            return null;
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DirectLineEndpoints));
        LogRefused(logger, conversationId ?? "(none)", problem);
        return ActivityReader.Error(StatusCodes.Status403Forbidden, problem switch
        {
            TokenProblem.Missing => "A Direct Line token is needed: Authorization: Bearer <token>.",
            TokenProblem.Expired => "The token has expired; get a new one.",
            TokenProblem.OtherConversation => "The token is for another conversation.",
            _ => "The token is not one this bot issued.",
        });
    }

    static string? Bearer(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    static async Task<(ChannelAccount? User, string? Problem)> ReadUserAsync(HttpContext http)
    {
        if (http.Request.ContentLength is 0 or null && http.Request.Headers.TransferEncoding.Count == 0)
            return (null, null);
        if (http.Request.ContentLength > 4096)
            return (null, "The body is too large for a token request.");
        try
        {
            var body = await JsonSerializer.DeserializeAsync<TokenRequest>(http.Request.Body, ActivityJson.Options, http.RequestAborted).ConfigureAwait(false);
            return (body?.User, null);
        }
        catch (JsonException e)
        {
            return (null, $"The body is not readable JSON: {e.Message}");
        }
        catch (BadHttpRequestException e)
        {
            return (null, $"The body could not be read: {e.Message}");
        }
    }

    /// <summary>
    /// A web chat lives in the conversation database when several instances share one; while it is down the
    /// stream can be neither read nor written, so requests are answered 503 with a time to come back, and
    /// Web Chat tries again, rather than a 500 or a wrong "no such conversation".
    /// </summary>
    internal static TBuilder AnswersOutagesWith503<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context).ConfigureAwait(false);
            }
            catch (Exception e) when (ConversationDatabaseUnavailableException.IsBehind(e))
            {
                context.HttpContext.Response.Headers.RetryAfter = "5";
                return ActivityReader.Error(StatusCodes.Status503ServiceUnavailable, "The bot cannot reach its conversation store just now; try again in a few seconds.");
            }
        });

    /// <summary>What the endpoints that post and start conversations need, gathered so a handler takes one parameter for them.</summary>
    internal sealed record DirectLineServices(
        DirectLineTokens Tokens,
        IDirectLineStore Store,
        DirectLineLimits Limits,
        WebChatTurns Turns,
        IOptions<DirectLineOptions> Options,
        IOptions<ChannelOptions> ChannelOptions,
        TimeProvider Time,
        ILoggerFactory Loggers);

    /// <summary>A token in the shape Direct Line clients read.</summary>
    internal static object Shape(IssuedToken issued) => new { conversationId = issued.ConversationId, token = issued.Token, expires_in = issued.ExpiresIn };

    static ChannelAccount Bot(DirectLineOptions options) => new() { Id = BotId, Name = options.BotName, Role = "bot" };

    internal static string Timestamp(TimeProvider time) => time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    sealed record TokenRequest(ChannelAccount? User);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: refused a Direct Line request ({Problem})")]
    static partial void LogRefused(ILogger logger, string conversationId, TokenProblem problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: rejected a Direct Line activity with {Status}: {Reason}")]
    static partial void LogRejected(ILogger logger, string conversationId, int status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: posting too fast; answered 429")]
    static partial void LogFlooded(ILogger logger, string conversationId);
}

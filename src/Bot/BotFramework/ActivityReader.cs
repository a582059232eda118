using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Bot.BotFramework;

/// <summary>Reads an activity from a request body for every endpoint that takes one, and words the errors they return.</summary>
public static class ActivityReader
{
    /// <summary>Direct Line and Azure channels cap an activity near 256 KB; anything larger is not from a channel.</summary>
    public const int MaxActivityBytes = 256 * 1024;

    /// <summary>Reads and checks the body: size first, then JSON, then the fields every activity needs.</summary>
    public static async Task<(Activity? Activity, (int Status, string Message)? Problem)> ReadAsync(HttpContext http, bool requireConversation)
    {
        if (!http.Request.HasJsonContentType())
            return (null, (StatusCodes.Status415UnsupportedMediaType, "An activity is JSON: send it with Content-Type: application/json."));
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
        catch (BadHttpRequestException e)
        {
            // A malformed chunked body, or one sent slower than the server's minimum rate: the client's fault.
            return (null, (e.StatusCode, $"The body could not be read: {e.Message}"));
        }
        catch (Exception e) when (e is IOException || (e is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
        {
            // The client went away mid-body; nobody is left to read the answer, but it is still not the bot's error.
            return (null, (StatusCodes.Status400BadRequest, "The client closed the connection before the body arrived."));
        }

        if (body.Length == 0)
            return (null, (StatusCodes.Status400BadRequest, "The request has no body; an activity in JSON was expected."));
        if (UnreadableText(body.GetBuffer().AsSpan(0, (int)body.Length)) is { } unreadable)
            return (null, (StatusCodes.Status400BadRequest, $"The body is not a readable activity: {unreadable}"));
        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize<Activity>(body.GetBuffer().AsSpan(0, (int)body.Length), ActivityJson.Options);
        }
        catch (JsonException e)
        {
            return (null, (StatusCodes.Status400BadRequest, $"The body is not a readable activity: {e.Message}"));
        }
        catch (ArgumentException)
        {
            // How the free-form parts (entities, channelData) refuse an object that names a property twice.
            return (null, (StatusCodes.Status400BadRequest, "The body is not a readable activity: an object in it names a property twice."));
        }
        if (activity is null)
            return (null, (StatusCodes.Status400BadRequest, "The body is not a readable activity: it is JSON null."));
        activity.ReceivedBytes = (int)body.Length;
        if (string.IsNullOrWhiteSpace(activity.Type))
            return (null, (StatusCodes.Status400BadRequest, "The activity has no 'type'."));
        if (requireConversation && activity.Type is ActivityTypes.Message or ActivityTypes.ConversationUpdate && string.IsNullOrWhiteSpace(activity.Conversation?.Id))
            return (null, (StatusCodes.Status400BadRequest, "The activity has no 'conversation.id'."));
        return (activity, null);
    }

    /// <summary>
    /// A string anywhere in the JSON that is not text: a lone surrogate ("\ud800", which no string can be
    /// written back as) or a NUL character (which no store keeps). Checked once here, for every endpoint, so
    /// that nothing downstream (the feedback log, the conversation store, a reply) meets one. Null when all is text.
    /// </summary>
    static string? UnreadableText(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
                    continue;
                if (reader.GetString()!.Contains('\0', StringComparison.Ordinal))
                    return "a string in it holds a NUL character.";
            }
        }
        catch (InvalidOperationException)
        {
            return "a string in it is not valid Unicode (a lone surrogate).";
        }
        catch (JsonException e)
        {
            return e.Message;
        }
        return null;
    }

    /// <summary>429 with the whole seconds to wait, so a client that honours Retry-After comes back when it may.</summary>
    public static IResult TooManyRequests(HttpContext http, TimeSpan retryAfter, string message)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Error(StatusCodes.Status429TooManyRequests, message);
    }

    public static IResult Error(int status, string message) =>
        Results.Json(new { error = new { code = ErrorCode(status), message } }, statusCode: status);

    static string ErrorCode(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "BadArgument",
        StatusCodes.Status403Forbidden => "Forbidden",
        StatusCodes.Status404NotFound => "NotFound",
        StatusCodes.Status429TooManyRequests => "TooManyRequests",
        StatusCodes.Status413PayloadTooLarge => "MessageSizeTooBig",
        StatusCodes.Status415UnsupportedMediaType => "UnsupportedMediaType",
        StatusCodes.Status501NotImplemented => "NotImplemented",
        _ => "ServiceError",
    };
}

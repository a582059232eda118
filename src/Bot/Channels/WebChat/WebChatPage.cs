using System.Net;
using System.Reflection;
using Bot.BotFramework;
using Bot.Channels.DirectLine;
using Bot.Corpus;
using Microsoft.Net.Http.Headers;

namespace Bot.Channels.WebChat;

/// <summary>
/// The chat page at <c>/</c>: Microsoft's Web Chat, served from the bot's own files, talking to the bot's
/// own Direct Line endpoint. The page asks this server for a token, so no secret ever reaches the browser.
/// </summary>
public static partial class WebChatPage
{
    /// <summary>The files the page loads, and nothing else from the folder: a name in a URL never becomes a path.</summary>
    static readonly Dictionary<string, string> Assets = new(StringComparer.Ordinal)
    {
        ["webchat.js"] = "text/javascript; charset=utf-8",
        ["webchat.js.LICENSE.txt"] = "text/plain; charset=utf-8",
        ["chat.js"] = "text/javascript; charset=utf-8",
        ["chat.css"] = "text/css; charset=utf-8",
    };

    public static string WebChatVersion { get; } =
        typeof(WebChatPage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "WebChatVersion")?.Value ?? "unknown";

    public static string AssetFolder => Path.Combine(AppContext.BaseDirectory, "webchat");

    public static IEndpointRouteBuilder MapWebChat(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", (CorpusSnapshot corpus) => Results.Content(Page(corpus), "text/html; charset=utf-8"));
        endpoints.MapGet("/webchat/{file}", Asset);
        endpoints.MapPost("/api/webchat/token", IssueToken).AnswersOutagesWith503();
        return endpoints;
    }

    static IResult Asset(string file, HttpContext http)
    {
        if (!Assets.TryGetValue(file, out var contentType))
            return Results.NotFound();
        var path = Path.Combine(AssetFolder, file);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            // Only when the build could not fetch Web Chat; the page says so rather than failing silently.
            return Results.Problem(
                $"{file} is missing from {AssetFolder}. Build the bot again with npm available to fetch Web Chat {WebChatVersion}.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        http.Response.Headers.CacheControl = "public, max-age=3600";
        var tag = new EntityTagHeaderValue($"\"{info.Length:x}-{info.LastWriteTimeUtc.Ticks:x}\"");
        return Results.File(path, contentType, lastModified: info.LastWriteTimeUtc, entityTag: tag);
    }

    /// <summary>The page's own token: one new conversation per call, limited per client address so a script cannot mint millions.</summary>
    static IResult IssueToken(HttpContext http, DirectLineTokens tokens, DirectLineLimits limits)
    {
        var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!limits.TryIssueToken(client, out var retryAfter))
            return ActivityReader.TooManyRequests(http, retryAfter, "Too many chats opened from this address; try again in a minute.");
        return Results.Json(DirectLineEndpoints.Shape(tokens.IssueForNewConversation()));
    }

    static string Page(CorpusSnapshot corpus) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{Encode(corpus.Metadata.Title)}}</title>
        <link rel="stylesheet" href="webchat/chat.css">
        </head>
        <body>
        <header>
          <h1>{{Encode(corpus.Metadata.Title)}}</h1>
          <p>Answers about {{Encode(corpus.Metadata.Topic)}}, taken from <a href="sources" target="_blank">{{corpus.Documents.Count}} source texts</a>. Every sentence cites the passage it comes from. <a href="timeline" target="_blank">The timeline</a> lists every dated event they give.</p>
        </header>
        <main id="webchat" role="main" aria-label="Chat"></main>
        <p id="status" role="status" hidden></p>
        <script src="webchat/webchat.js?v={{WebChatVersion}}"></script>
        <script src="webchat/chat.js"></script>
        </body>
        </html>
        """;

    static string Encode(string text) => WebUtility.HtmlEncode(text);
}

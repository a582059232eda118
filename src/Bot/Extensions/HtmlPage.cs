using System.Net;

namespace Bot.Extensions;

/// <summary>The shell of the plain pages the bot serves (its sources, the timeline, the operator's page): each brings its own title, style and body.</summary>
public static class HtmlPage
{
    public static string Of(string title, string style, string body, bool hideFromSearch = false) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        {{(hideFromSearch ? "<meta name=\"robots\" content=\"noindex\">\n" : "")}}<title>{{WebUtility.HtmlEncode(title)}}</title>
        <style>
        {{style}}
        </style>
        </head>
        <body>
        {{body}}
        </body>
        </html>
        """;
}

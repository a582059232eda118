using Bot.Extensions;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Bot.Conversations;
using Bot.Storage;
using Microsoft.Extensions.Options;

namespace Bot.Reports;

/// <summary>
/// <c>GET /operator</c>: where the sources fall short, for whoever runs the bot. The questions the bot
/// declined and the answers people disliked, each most recent first with how often, and their counts per
/// day over the period as a small bar chart. Behind <c>Operator:Key</c>, sent as the password of HTTP Basic
/// authentication (the browser asks for it) or as a bearer token; without a key configured the page does not
/// exist. Drawn on the server, with no script.
/// </summary>
public static class OperatorPage
{
    const int MaxRecords = 5000;
    const int MaxRows = 50;

    public static IEndpointRouteBuilder MapOperator(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/operator", ShowAsync);
        return endpoints;
    }

    static async Task<IResult> ShowAsync(HttpContext http, IFeedbackLog log, ShortfallNotes shortfallNotes, IOptions<OperatorOptions> options, TimeProvider time, int? days)
    {
        if (options.Value.Key is not { Length: > 0 } key)
            return Results.NotFound();
        if (!Authorized(http.Request.Headers.Authorization.ToString(), key))
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"operator\", charset=\"UTF-8\"";
            return Results.Text("The operator's view needs the key set in Operator:Key.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
        }

        var period = Math.Clamp(days ?? options.Value.Days, 1, 365);
        var today = time.GetUtcNow().UtcDateTime.Date;
        var since = new DateTimeOffset(today.AddDays(1 - period), TimeSpan.Zero);
        IReadOnlyList<FeedbackRecord> records;
        try
        {
            // Questions declined a moment ago on this instance may still be on their way to the log.
            await shortfallNotes.FlushAsync(TimeSpan.FromSeconds(1), http.RequestAborted).ConfigureAwait(false);
            records = await log.ReadAsync(since, MaxRecords, http.RequestAborted).ConfigureAwait(false);
        }
        catch (ConversationDatabaseUnavailableException)
        {
            return Results.Text("The shared database is not answering just now; try again in a minute.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(Render(records, since, period), "text/html; charset=utf-8");
    }

    /// <summary>The key as a bearer token, or as the password of Basic authentication (any user name), compared in constant time.</summary>
    internal static bool Authorized(string header, string key)
    {
        string? given = null;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            given = header["Bearer ".Length..].Trim();
        }
        else if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                given = pair[(pair.IndexOf(':', StringComparison.Ordinal) + 1)..];
            }
            catch (FormatException)
            {
                return false;
            }
        }
        return given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key));
    }

    static string Render(IReadOnlyList<FeedbackRecord> records, DateTimeOffset since, int period)
    {
        var declined = records.Where(r => r.Reaction == FeedbackRecord.Declined).ToList();
        var unsure = records.Where(r => r.Reaction == FeedbackRecord.AnsweredWithCaveat).ToList();
        var disliked = records.Where(r => r.Reaction == "dislike").ToList();
        var liked = records.Count(r => r.Reaction == "like");
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"""
            <h1>Where the sources fall short</h1>
            <p class="summary">The last {period} days: <strong>{declined.Count}</strong> questions declined, <strong>{unsure.Count}</strong> answered only with a caveat, <strong>{disliked.Count}</strong> answers disliked, {liked} liked.
            <a href="?days=7">7 days</a> · <a href="?days=30">30 days</a> · <a href="?days=90">90 days</a></p>
            """);
        body.Append(Chart(records, since, period));

        body.Append("<h2>Questions the bot declined</h2>");
        Questions(body, "declined", declined);
        // Answered, but only as the nearest the sources come: where they cover a subject too thinly to be sure.
        body.Append("<h2>Questions answered only with a caveat</h2>");
        Questions(body, "caveat", unsure);

        body.Append("<h2>Answers people disliked</h2>");
        if (disliked.Count == 0)
        {
            body.Append("<p class=\"none\">None in this period.</p>");
        }
        else
        {
            body.Append("<table id=\"disliked\"><thead><tr><th>Question</th><th>Answer</th><th>Comment</th><th>When</th><th>Channel</th></tr></thead><tbody>");
            foreach (var record in disliked.Take(MaxRows))
            {
                body.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(record.Question ?? "(no longer remembered)")}</td><td>{Encode(Shorten(record.Answer))}</td><td>{Encode(record.Comment)}</td><td>{record.At:yyyy-MM-dd HH:mm}</td><td>{Encode(record.ChannelId)}</td></tr>");
            }
            body.Append("</tbody></table>");
        }
        return Page(body.ToString());
    }

    /// <summary>The questions of one kind of shortfall, the same wording counted together, the most asked first.</summary>
    static void Questions(StringBuilder body, string id, List<FeedbackRecord> records)
    {
        if (records.Count == 0)
        {
            body.Append("<p class=\"none\">None in this period.</p>");
            return;
        }
        body.Append(CultureInfo.InvariantCulture, $"<table id=\"{id}\"><thead><tr><th>Question</th><th>Times</th><th>Last asked</th><th>Channel</th></tr></thead><tbody>");
        foreach (var group in records.GroupBy(r => Normalize(r.Question)).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Max(r => r.At)).Take(MaxRows))
        {
            var last = group.MaxBy(r => r.At)!;
            body.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(last.Question)}</td><td class=\"n\">{group.Count()}</td><td>{last.At:yyyy-MM-dd HH:mm}</td><td>{Encode(last.ChannelId)}</td></tr>");
        }
        body.Append("</tbody></table>");
    }

    /// <summary>Declined and disliked per day, as bars side by side: an SVG drawn here, so the page needs no script.</summary>
    static string Chart(IReadOnlyList<FeedbackRecord> records, DateTimeOffset since, int period)
    {
        var declined = new int[period];
        var disliked = new int[period];
        foreach (var record in records)
        {
            var day = (int)(record.At.UtcDateTime.Date - since.UtcDateTime.Date).TotalDays;
            if (day < 0 || day >= period)
                continue;
            if (record.Reaction == FeedbackRecord.Declined)
                declined[day]++;
            else if (record.Reaction == "dislike")
                disliked[day]++;
        }
        const int Height = 120;
        const int Bottom = 20;
        var slot = Math.Max(6, 640 / period);
        var width = slot * period;
        var top = Math.Max(1, Math.Max(declined.Max(), disliked.Max()));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg id=\"chart\" role=\"img\" aria-label=\"Declined questions and disliked answers per day\" viewBox=\"0 0 {width} {Height + Bottom}\" width=\"{width}\" height=\"{Height + Bottom}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"0\" y1=\"{Height}\" x2=\"{width}\" y2=\"{Height}\" class=\"axis\"/>");
        for (var day = 0; day < period; day++)
        {
            var date = since.UtcDateTime.Date.AddDays(day);
            var x = day * slot;
            var bar = Math.Max(2, (slot - 2) / 2);
            Bar(svg, "declined", x + 1, bar, declined[day], top, Height, date);
            Bar(svg, "disliked", x + 1 + bar, bar, disliked[day], top, Height, date);
            if (period <= 31 ? day % 7 == 0 : day % 30 == 0)
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{Height + 14}\">{date:MMM d}</text>");
        }
        svg.Append("</svg>");
        svg.Append("<p class=\"legend\"><span class=\"key declined\"></span> declined <span class=\"key disliked\"></span> disliked</p>");
        return svg.ToString();
    }

    static void Bar(StringBuilder svg, string kind, int x, int width, int count, int top, int height, DateTime date)
    {
        if (count == 0)
            return;
        var h = Math.Max(1, count * height / top);
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"{kind}\" x=\"{x}\" y=\"{height - h}\" width=\"{width}\" height=\"{h}\"><title>{date:yyyy-MM-dd}: {count} {kind}</title></rect>");
    }

    static string Normalize(string? question) => (question ?? "").Trim().TrimEnd('?', '.', '!').ToLowerInvariant();

    static string Shorten(string? text) => text is null ? "" : text.Length <= 300 ? text : text[..300] + "…";

    static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    static string Page(string body) => HtmlPage.Of("Operator: where the sources fall short", Style, body, hideFromSearch: true);

    const string Style = """
        body { font: 15px/1.5 system-ui, sans-serif; max-width: 64rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
        h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
        table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
        td.n { text-align: right; } .none, .summary a { color: #666; }
        svg text { font: 10px sans-serif; fill: #666; } svg .axis { stroke: #999; }
        .declined { fill: #c0392b; background: #c0392b; } .disliked { fill: #e67e22; background: #e67e22; }
        .key { display: inline-block; width: .8rem; height: .8rem; margin-left: .6rem; vertical-align: middle; }
        """;
}

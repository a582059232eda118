using Bot.Extensions;
using System.Net;
using System.Text;
using Bot.Answers;
using Bot.Corpus;

namespace Bot.Channels.WebChat;

/// <summary>
/// <c>GET /timeline</c>: every dated event the sources give, in order, each in the sources' words and linked
/// to its highlighted passage; where two sources date one event differently, both are shown side by side.
/// Drawn on the server, with no script.
/// </summary>
public static class TimelinePage
{
    public static IEndpointRouteBuilder MapTimeline(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/timeline", (Timeline timeline, CorpusSnapshot corpus) => Results.Content(Render(timeline, corpus), "text/html; charset=utf-8"));
        return endpoints;
    }

    static string Render(Timeline timeline, CorpusSnapshot corpus)
    {
        var body = new StringBuilder();
        body.Append($"<h1>Timeline</h1><p class=\"about\">Every dated event in the sources on {Encode(corpus.Metadata.Topic)}, in order. Each is in its source's own words and links to the passage it comes from; where two sources date one event differently, both are shown.</p>");
        if (timeline.Entries.Count == 0)
            body.Append("<p>The sources give no dated events.</p>");
        body.Append("<ol class=\"timeline\">");
        foreach (var entry in timeline.Entries)
        {
            body.Append($"<li><span class=\"date\">{Encode(entry.Date)}</span><div class=\"accounts\">{Account(entry, corpus)}");
            foreach (var other in entry.OtherDates)
                body.Append($"<div class=\"other\"><span class=\"date\">{Encode(other.Date)}</span>, another source says: {Account(other, corpus)}</div>");
            body.Append("</div></li>");
        }
        body.Append("</ol>");
        return Page("Timeline", body.ToString());
    }

    static string Account(TimelineEntry entry, CorpusSnapshot corpus)
    {
        var passage = entry.Sentence.Passage;
        var document = corpus.DocumentOf(passage);
        var link = $"sources/{Uri.EscapeDataString(passage.DocumentId)}#{passage.Anchor}";
        return $"<p>{Encode(entry.Text)} <a class=\"source\" href=\"{link}\">{Encode(document.Title)}, {Encode(passage.Label)}</a></p>";
    }

    static string Page(string title, string body) => HtmlPage.Of(title, Style, body);

    const string Style = """
        body { font: 17px/1.6 Georgia, serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
        h1 { font-size: 1.6rem; } .about { font: 14px sans-serif; color: #555; }
        ol.timeline { list-style: none; padding: 0; }
        ol.timeline > li { display: flex; gap: 1rem; border-top: 1px solid #ddd; padding: .6rem 0; }
        .date { font: bold 14px sans-serif; color: #b3262d; min-width: 8rem; }
        .accounts { flex: 1; } .accounts p { margin: 0; }
        .other { margin-top: .4rem; padding-left: .8rem; border-left: 3px solid #e0a800; }
        a.source { font: 12px sans-serif; color: #666; }
        """;

    static string Encode(string text) => WebUtility.HtmlEncode(text);
}

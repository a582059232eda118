using Bot.Extensions;
using System.Net;
using System.Text;

namespace Bot.Corpus;

/// <summary>
/// <c>GET /sources/{document}</c>: a cleaned document as a readable page, every passage under its own
/// anchor, so that a citation link lands on the passage it cites (and highlights it).
/// </summary>
public static class SourcesPage
{
    public static IEndpointRouteBuilder MapSources(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/sources", (CorpusSnapshot corpus) => Results.Content(Index(corpus), "text/html; charset=utf-8"));
        endpoints.MapGet("/sources/{document}", (string document, CorpusSnapshot corpus) =>
        {
            var id = Path.GetFileNameWithoutExtension(document);
            return corpus.FindDocument(id) is { } found
                ? Results.Content(Render(found), "text/html; charset=utf-8")
                : Results.Content(Page("Not found", $"<p>There is no source named <code>{Encode(document)}</code>. <a href=\"/sources\">All sources</a></p>"), "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        });
        return endpoints;
    }

    static string Index(CorpusSnapshot corpus)
    {
        var body = new StringBuilder("<h1>Sources</h1><ul>");
        foreach (var document in corpus.Documents)
            body.Append($"<li><a href=\"/sources/{Uri.EscapeDataString(document.Id)}\">{Encode(document.Title)}</a> <small>({Encode(document.FileName)}, {document.Passages.Count} passages)</small></li>");
        body.Append("</ul>");
        return Page("Sources", body.ToString());
    }

    static string Render(Document document)
    {
        var body = new StringBuilder();
        body.Append($"<h1>{Encode(document.Title)}</h1><p class=\"file\">Source file <code>{Encode(document.FileName)}</code>, cleaned of page furniture. Each passage is numbered as the bot cites it.</p>");
        foreach (var block in document.Blocks)
        {
            if (block.Heading is { } heading)
            {
                body.Append($"<h2>{Encode(heading)}</h2>");
                continue;
            }
            var passage = block.Passage!;
            body.Append($"<p id=\"{passage.Anchor}\"><a class=\"anchor\" href=\"#{passage.Anchor}\">{passage.Label}</a> {Encode(passage.Text)}</p>");
        }
        return Page(document.Title, body.ToString());
    }

    static string Page(string title, string body) => HtmlPage.Of(title, Style, body);

    const string Style = """
        body { font: 17px/1.6 Georgia, serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
        h1 { font-size: 1.6rem; line-height: 1.3; } h2 { font-size: 1.15rem; margin-top: 2rem; }
        p { padding: .2rem .5rem; border-left: 3px solid transparent; }
        p:target { background: #fff6c8; border-left-color: #e0a800; }
        a.anchor { font: 12px sans-serif; color: #888; text-decoration: none; margin-right: .3rem; }
        .file { font: 13px sans-serif; color: #666; }
        """;

    static string Encode(string text) => WebUtility.HtmlEncode(text);
}

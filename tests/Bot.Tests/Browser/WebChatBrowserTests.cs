using System.Net;
using Bot.Tests.Support;
using Microsoft.Playwright;

namespace Bot.Tests.Browser;

/// <summary>The chat page in a real browser, against the bot listening on loopback: what a visitor sees and does.</summary>
public sealed class WebChatBrowserTests
{
    public static readonly string[] ChromiumFlags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

    public static string ScreenshotPath => Path.Combine(AppContext.BaseDirectory, "screenshots", "web-chat.png");

    [BrowserFact]
    public async Task A_visitor_asks_follows_a_citation_to_its_passage_asks_why_not_and_likes_the_answer()
    {
        await using var app = new BotApp();
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var address = Loopback.AddressOf(app.Services);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = BrowserFactAttribute.ChromiumPath, Headless = true, Args = ChromiumFlags });
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1000, Height = 900 } });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        var refusedByPolicy = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                refusedByPolicy.Add(message.Text);
        };
        var loaded = await page.GotoAsync(address.ToString());
        Assert.Contains("script-src 'self'", loaded!.Headers["content-security-policy"], StringComparison.Ordinal);

        // The welcome and its suggested questions are there on load.
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Are Japan and Russia still at war?");
        var transcript = page.Locator(".webchat__basic-transcript");
        await Assertions.Expect(transcript).ToContainTextAsync("Hello! I answer questions about");
        await Assertions.Expect(page.GetByRole(AriaRole.Toolbar, new() { Name = "Suggested actions" }).GetByRole(AriaRole.Button)).ToHaveCountAsync(3);

        // A question, answered with a citation.
        await AskAsync(page, "Is there a peace treaty?");
        var firstAnswer = BotMessages(page).Nth(1);
        await Assertions.Expect(firstAnswer).ToContainTextAsync("peace treaty");
        var citation = firstAnswer.Locator("a.webchat__render-markdown__pure-identifier").First;
        await Assertions.Expect(citation).ToHaveTextAsync("1");
        // A citation reads "[1]", not "[1 ↗]": the external-link icon Web Chat puts inside it is hidden.
        await Assertions.Expect(citation.Locator(".webchat__render-markdown__external-link-icon")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByText("Send failed")).ToHaveCountAsync(0);

        // The citation opens the passage it cites, highlighted.
        var passagePage = await page.RunAndWaitForPopupAsync(() => citation.ClickAsync());
        // Assertions that wait by themselves: a popup's load event can come before anyone listens for it.
        await Assertions.Expect(passagePage).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/sources/[^#]+#p\d+$"));
        var cited = passagePage.Locator("p:target");
        await Assertions.Expect(cited).ToBeVisibleAsync();
        await Assertions.Expect(cited).ToContainTextAsync("peace treaty");
        await passagePage.CloseAsync();

        // The follow-up keeps the thread: why not? is the island dispute.
        await AskAsync(page, "Why not?");
        var whyNot = BotMessages(page).Nth(2);
        await Assertions.Expect(whyNot).ToContainTextAsync(new System.Text.RegularExpressions.Regex("Kuril|islands"));
        await Assertions.Expect(whyNot.Locator("a.webchat__render-markdown__pure-identifier").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Toolbar, new() { Name = "Suggested actions" }).GetByRole(AriaRole.Button).First).ToBeVisibleAsync();

        // Web Chat scrolls to the newest message after it lays the suggestions out; the picture waits for that.
        await page.WaitForTimeoutAsync(500);
        Directory.CreateDirectory(Path.GetDirectoryName(ScreenshotPath)!);
        await page.ScreenshotAsync(new() { Path = ScreenshotPath });
        // The README's picture is this one: `UPDATE_README_PICTURE=1 dotnet test` puts it there.
        if (Environment.GetEnvironmentVariable("UPDATE_README_PICTURE") == "1")
            File.Copy(ScreenshotPath, Path.Combine(Repository.Root, "docs", "images", "web-chat.png"), overwrite: true);

        // The like button under the last answer is recorded on the server.
        await page.Locator("button.webchat__thumb-button[aria-label='Like']").Last.ClickAsync();
        // (The file also holds a note for any answer given with the caveat; the like is a line of its own.)
        var feedback = await WaitForLineAsync(app.FeedbackFile, "\"reaction\":\"like\"");
        Assert.Contains("\"question\":\"Why not?\"", feedback, StringComparison.Ordinal);
        // The page works whole under its Content-Security-Policy: nothing was refused.
        Assert.Empty(refusedByPolicy);
    }

    [BrowserFact]
    public async Task The_timeline_opens_from_the_chat_page_in_date_order_and_each_event_leads_to_its_passage()
    {
        await using var app = new BotApp();
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = BrowserFactAttribute.ChromiumPath, Headless = true, Args = ChromiumFlags });
        var context = await browser.NewContextAsync();
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(Loopback.AddressOf(app.Services).ToString());

        var timeline = await page.RunAndWaitForPopupAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "The timeline" }).ClickAsync());
        await Assertions.Expect(timeline.Locator("h1")).ToHaveTextAsync("Timeline");
        var years = (await timeline.Locator("ol.timeline > li > span.date").AllTextContentsAsync()).Select(d => int.Parse(d[^4..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(years.Count >= 10, $"{years.Count} events");
        Assert.Equal(years.Order(), years);
        Assert.Contains(1956, years);

        var event1945 = timeline.Locator("ol.timeline > li", new() { HasText = "1945" }).First;
        await event1945.Locator("a.source").First.ClickAsync();
        await Assertions.Expect(timeline).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/sources/[^#]+#p\d+$"));
        await Assertions.Expect(timeline.Locator("p:target")).ToContainTextAsync("1945");

        // Asked in the chat, a period of the timeline comes back cited.
        await AskAsync(page, "what happened between 1945 and 1956?");
        var answer = BotMessages(page).Nth(1);
        await Assertions.Expect(answer).ToContainTextAsync("1945");
        await Assertions.Expect(answer).ToContainTextAsync("1956");
        await Assertions.Expect(answer.Locator("a.webchat__render-markdown__pure-identifier").First).ToBeVisibleAsync();
    }

    static ILocator BotMessages(IPage page) =>
        page.Locator("article.webchat__basic-transcript__activity").Filter(new() { Has = page.Locator(".webchat__bubble:not(.webchat__bubble--from-user)") });

    static async Task AskAsync(IPage page, string question)
    {
        var input = page.Locator("[data-id='webchat-sendbox-input']");
        await input.FillAsync(question);
        await input.PressAsync("Enter");
    }

    static async Task<string> WaitForLineAsync(string path, string holding)
    {
        for (var i = 0; i < 200; i++)
        {
            if (File.Exists(path) && File.ReadAllLines(path).FirstOrDefault(l => l.Contains(holding, StringComparison.Ordinal)) is { } line)
                return line;
            await Task.Delay(50);
        }
        throw new TimeoutException($"No feedback holding {holding} reached {path}.");
    }
}

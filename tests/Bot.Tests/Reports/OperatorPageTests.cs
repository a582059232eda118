using System.Net;
using System.Net.Http.Headers;
using Bot.Tests.Browser;
using Bot.Tests.Support;
using Microsoft.Playwright;

namespace Bot.Tests.Reports;

/// <summary>The operator's view: behind its key, the declined questions and disliked answers, as an operator reads them.</summary>
public sealed class OperatorPageTests
{
    const string Key = "operator-key-for-the-tests-0123";

    static BotApp AppWithKey() => new(new() { ["Operator:Key"] = Key });

    /// <summary>A question the sources do not answer, and an answer that is disliked with a comment, through /api/messages.</summary>
    static async Task DeclineAndDislikeAsync(BotApp app)
    {
        await app.ExpectRepliesAsync(Activities.Message("What is the capital of France?"));
        await app.ExpectRepliesAsync(Activities.Message("What is the capital of France?"));
        var replies = await app.ExpectRepliesAsync(Activities.Message("Who won the Russo-Japanese War?", "disliking"));
        (await app.PostActivityAsync(Activities.Feedback("disliking", "DislikeAction", Activities.TurnIdOf(replies[0]!)))).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Without_a_key_configured_there_is_no_page()
    {
        await using var app = new BotApp();

        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/operator")).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-the-key")]
    [InlineData("Basic bm90OnRoZS1rZXk=")]
    [InlineData("Basic !!!")]
    public async Task Without_the_key_the_page_asks_for_it(string? authorization)
    {
        await using var app = AppWithKey();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/operator");
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("capital", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_key_the_page_lists_declined_questions_with_their_counts_and_disliked_answers()
    {
        await using var app = AppWithKey();
        await DeclineAndDislikeAsync(app);
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);

        var response = await http.GetAsync("/operator");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<td>What is the capital of France?</td><td class=\"n\">2</td>", page, StringComparison.Ordinal);
        Assert.Contains("<strong>2</strong> questions declined, <strong>0</strong> answered only with a caveat, <strong>1</strong> answers disliked", page, StringComparison.Ordinal);
        Assert.Contains("Who won the Russo-Japanese War?", page, StringComparison.Ordinal);
        Assert.Contains("<rect class=\"declined\"", page, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task A_question_answered_only_with_a_caveat_is_listed_apart_from_the_declined()
    {
        await using var app = AppWithKey();
        var replies = await app.ExpectRepliesAsync(Activities.Message("Do the islanders want to be Japanese?"));
        Assert.StartsWith(Bot.Answers.ExtractiveComposer.Caveat, replies[0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);

        var page = await http.GetStringAsync("/operator");

        Assert.Contains("<strong>0</strong> questions declined, <strong>1</strong> answered only with a caveat", page, StringComparison.Ordinal);
        Assert.Contains("<table id=\"caveat\"><thead><tr><th>Question</th><th>Times</th><th>Last asked</th><th>Channel</th></tr></thead><tbody><tr><td>Do the islanders want to be Japanese?</td><td class=\"n\">1</td>", page, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task An_operator_signs_in_with_the_key_and_sees_the_chart_and_both_lists()
    {
        await using var app = AppWithKey();
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        await DeclineAndDislikeAsync(app);
        var address = Loopback.AddressOf(app.Services);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = BrowserFactAttribute.ChromiumPath, Headless = true, Args = WebChatBrowserTests.ChromiumFlags });
        // Without the key the browser is asked for it (and, headless, cannot answer).
        var stranger = await browser.NewPageAsync();
        await Assert.ThrowsAsync<PlaywrightException>(() => stranger.GotoAsync(new Uri(address, "operator").ToString()));

        var context = await browser.NewContextAsync(new() { HttpCredentials = new() { Username = "operator", Password = Key }, ViewportSize = new() { Width = 1000, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(address, "operator").ToString());

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Where the sources fall short");
        await Assertions.Expect(page.Locator("#declined tbody tr").First).ToContainTextAsync("What is the capital of France?");
        await Assertions.Expect(page.Locator("#disliked tbody tr").First).ToContainTextAsync("Who won the Russo-Japanese War?");
        await Assertions.Expect(page.Locator("#chart rect.declined")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#chart rect.disliked")).ToHaveCountAsync(1);
        Assert.True(await page.Locator("#chart rect.declined").EvaluateAsync<double>("r => r.getBBox().height") > 0);
        Directory.CreateDirectory(Path.GetDirectoryName(WebChatBrowserTests.ScreenshotPath)!);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetDirectoryName(WebChatBrowserTests.ScreenshotPath)!, "operator.png") });
    }
}

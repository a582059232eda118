using System.Net;
using Bot.Tests.Support;

namespace Bot.Tests.Channels;

public sealed class WebChatPageTests
{
    [Fact]
    public async Task The_page_says_what_the_bot_knows_and_loads_web_chat_from_the_bot_itself()
    {
        await using var app = new BotApp();
        var http = app.CreateClient();

        var page = await http.GetStringAsync("/");

        Assert.Contains("<h1>Are Japan and Russia still at war?</h1>", page, StringComparison.Ordinal);
        Assert.Contains("Kuril Islands dispute", page, StringComparison.Ordinal);
        Assert.Contains("<script src=\"webchat/webchat.js?v=4.18.1\"></script>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_web_chat_bundle_fetched_by_the_build_is_served_compressed_and_cacheable()
    {
        await using var app = new BotApp();
        var http = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/webchat/webchat.js");
        request.Headers.AcceptEncoding.ParseAdd("gzip");

        var response = await http.SendAsync(request);
        var script = await http.GetStringAsync("/webchat/chat.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("gzip", response.Content.Headers.ContentEncoding);
        Assert.NotNull(response.Headers.ETag);
        Assert.Contains("createDirectLine", script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/webchat/appsettings.json")]
    [InlineData("/webchat/..%2Fappsettings.json")]
    [InlineData("/webchat/Bot.dll")]
    public async Task Only_the_page_s_own_files_are_served_from_its_folder(string path)
    {
        await using var app = new BotApp();

        var response = await app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_page_s_token_endpoint_stops_a_client_that_opens_chats_in_bulk()
    {
        await using var app = new BotApp(new() { ["DirectLine:TokensPerMinutePerClient"] = "3" });
        var http = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            statuses.Add((await http.PostAsync("/api/webchat/token", null)).StatusCode);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }
}

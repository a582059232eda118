using System.Net;
using System.Net.Sockets;
using System.Text;
using Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Bot.Tests.Channels;

/// <summary>What the bot asks of requests and promises of responses at the HTTP level.</summary>
public sealed class WebSecurityTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/sources")]
    [InlineData("/sources/000_0f1aca95a04c116c")]
    public async Task Pages_carry_a_content_security_policy_and_nosniff(string path)
    {
        await using var app = new BotApp();

        var response = await app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("script-src 'self'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task The_bot_endpoint_and_direct_line_take_only_json(string? contentType)
    {
        await using var app = new BotApp();
        var http = app.CreateClient();
        var chat = await DirectLineClient.FromPageTokenAsync(http);
        await chat.StartAsync();
        var body = System.Text.Json.JsonSerializer.Serialize(Activities.Message("Who won the Russo-Japanese War?"));
        HttpContent Content()
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            return content;
        }

        var messages = await http.PostAsync("/api/messages", Content());
        using var post = chat.Request(HttpMethod.Post, $"/v3/directline/conversations/{chat.ConversationId}/activities");
        post.Content = Content();
        var directLine = await http.SendAsync(post);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, messages.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, directLine.StatusCode);
        Assert.Contains("application/json", await messages.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_chunked_body_is_a_client_error_not_an_unhandled_exception()
    {
        var logs = new FakeLoggerProvider();
        await using var app = new BotApp { TestServices = services => services.AddSingleton<ILoggerProvider>(logs) };
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var address = Loopback.AddressOf(app.Services);

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "POST /api/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
            "5\r\n{\"typ\r\nzz-not-a-chunk-size\r\n\r\n"));
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer);
        var response = Encoding.ASCII.GetString(buffer, 0, read);

        Assert.StartsWith("HTTP/1.1 400", response, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Collector.GetSnapshot(), r => r.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_forwarded_client_address_is_the_one_rate_limits_count()
    {
        await using var trusting = new BotApp(new() { ["Proxy:Trusted:0"] = "127.0.0.1", ["DirectLine:TokensPerMinutePerClient"] = "2" });
        await using var wary = new BotApp(new() { ["DirectLine:TokensPerMinutePerClient"] = "2" });

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK], await TokensAsync(trusting, "203.0.113.1", "203.0.113.1", "203.0.113.1", "203.0.113.2"));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], await TokensAsync(wary, "203.0.113.1", "203.0.113.1", "203.0.113.1", "203.0.113.2"));
    }

    static async Task<List<HttpStatusCode>> TokensAsync(BotApp app, params string[] forwardedFor)
    {
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        using var http = new HttpClient { BaseAddress = Loopback.AddressOf(app.Services) };
        var statuses = new List<HttpStatusCode>();
        foreach (var client in forwardedFor)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webchat/token");
            request.Headers.Add("X-Forwarded-For", client);
            statuses.Add((await http.SendAsync(request)).StatusCode);
        }
        return statuses;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Bot.BotFramework.Auth;
using Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Channels;

/// <summary>
/// The bot with an app id, its metadata pointed at a local test issuer: only correctly signed requests are
/// answered, and replies go out with the bot's own token from a local login server.
/// </summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    const string AppId = "4f0a2b1c-5d6e-4f70-8a9b-0c1d2e3f4a5b";
    const string Tenant = "7d3e1f2a-9b8c-4d5e-a6f7-1a2b3c4d5e6f";
    const string ServiceUrl = "https://smba.trafficmanager.net/teams/";

    TestIssuer _issuer = null!;

    public async Task InitializeAsync() => _issuer = await TestIssuer.StartAsync();

    public async Task DisposeAsync() => await _issuer.DisposeAsync();

    BotApp AuthenticatedBot(TestLogin? login = null, RecordingHandler? outbound = null, string? certificatePath = null) => new(new()
    {
        ["MicrosoftAppType"] = "SingleTenant",
        ["MicrosoftAppId"] = AppId,
        ["MicrosoftAppPassword"] = certificatePath is null ? "test-secret" : null,
        ["MicrosoftAppCertificatePath"] = certificatePath,
        ["MicrosoftAppTenantId"] = Tenant,
        ["BotFramework:OpenIdMetadataUrl"] = _issuer.BotFrameworkMetadata.ToString(),
        ["BotFramework:EntraOpenIdMetadataUrl"] = _issuer.EntraMetadata.ToString(),
        ["BotFramework:AuthorityHost"] = login?.AuthorityHost.ToString() ?? "https://127.0.0.1:9/",
    })
    {
        Outbound = outbound,
        TestServices = login is null ? null : services =>
            services.AddHttpClient(nameof(MsalBotTokenProvider)).ConfigurePrimaryHttpMessageHandler(login.TrustingHandler),
    };

    static Dictionary<string, object?> TeamsMessage(string text, string serviceUrl = ServiceUrl, string channelId = "msteams", bool expectReplies = true)
    {
        var activity = Activities.Message(text, serviceUrl: serviceUrl, expectReplies: expectReplies);
        activity["channelId"] = channelId;
        return activity;
    }

    static async Task<HttpResponseMessage> PostAsync(BotApp app, object activity, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await app.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task A_valid_channel_token_is_answered()
    {
        await using var app = AuthenticatedBot();

        var response = await PostAsync(app, TeamsMessage("Who won the Russo-Japanese War?"), "Bearer " + _issuer.ChannelToken(AppId, ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["activities"]![0]!;
        Assert.Contains("Japan", (string)reply["text"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.0", "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/")]
    [InlineData("2.0", "https://login.microsoftonline.com/" + Tenant + "/v2.0")]
    public async Task A_valid_Entra_token_from_a_Bot_Framework_tenant_or_the_bot_s_own_is_answered(string version, string issuer)
    {
        await using var app = AuthenticatedBot();

        var token = _issuer.EntraToken(AppId, issuer, callerAppId: AppId, version);
        var response = await PostAsync(app, TeamsMessage("Who won the Russo-Japanese War?", serviceUrl: "http://127.0.0.1:1/", channelId: "emulator"), "Bearer " + token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    static readonly string[] CriticalExtensions = ["urn:example:must-understand"];

    public static TheoryData<string, Func<TestIssuer, string?>> Refused => new()
    {
        { "no header", _ => null },
        { "wrong scheme", issuer => "Basic " + issuer.ChannelToken(AppId, ServiceUrl) },
        { "expired", issuer => "Bearer " + issuer.ChannelToken(AppId, ServiceUrl, expiresIn: TimeSpan.FromMinutes(-10), validFrom: TimeSpan.FromMinutes(-70)) },
        { "not yet valid", issuer => "Bearer " + issuer.ChannelToken(AppId, ServiceUrl, validFrom: TimeSpan.FromMinutes(10), expiresIn: TimeSpan.FromMinutes(60)) },
        { "wrong audience", issuer => "Bearer " + issuer.ChannelToken("another-bot", ServiceUrl) },
        { "wrong issuer", issuer => "Bearer " + issuer.ChannelToken(AppId, ServiceUrl, issuer: "https://evil.example.com") },
        { "bad signature", issuer => "Bearer " + issuer.ChannelToken(AppId, ServiceUrl, signingKey: RSA.Create(2048)) },
        { "unknown kid", issuer => "Bearer " + issuer.ChannelToken(AppId, ServiceUrl, signingKey: RSA.Create(2048), keyId: "rolled-key") },
        { "the issuer's own key under a kid the key set does not name", issuer => "Bearer " + issuer.ChannelToken(AppId, ServiceUrl, keyId: "not-in-the-key-set") },
        { "exp of 1e20", issuer => "Bearer " + issuer.ChannelTokenWith(AppId, ServiceUrl, new Dictionary<string, object> { ["exp"] = 1e20 }) },
        { "nbf of 1e20", issuer => "Bearer " + issuer.ChannelTokenWith(AppId, ServiceUrl, new Dictionary<string, object> { ["nbf"] = 1e20 }) },
        { "exp that is a string", issuer => "Bearer " + issuer.ChannelTokenWith(AppId, ServiceUrl, new Dictionary<string, object> { ["exp"] = "tomorrow" }) },
        { "a crit header naming an extension the bot does not know", issuer => "Bearer " + issuer.ChannelTokenWith(AppId, ServiceUrl, header: new Dictionary<string, object> { ["crit"] = CriticalExtensions, ["urn:example:must-understand"] = true }) },
        { "alg none", _ => "Bearer " + TestIssuer.UnsignedToken(AppId, ServiceUrl) },
        { "HS256 keyed with the public key", issuer => "Bearer " + issuer.HmacTokenKeyedWithPublicKey(AppId, ServiceUrl) },
        { "serviceurl mismatch", issuer => "Bearer " + issuer.ChannelToken(AppId, "https://attacker.example.com/") },
        { "channel not endorsed", issuer => "Bearer " + issuer.ChannelToken(AppId, ServiceUrl) + "|slack" },
        { "oversized token", issuer => "Bearer " + issuer.ChannelToken(AppId, ServiceUrl, extraClaims: [new Claim("padding", new string('x', 20_000))]) },
        { "encrypted (JWE) token", _ => "Bearer eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d" },
        { "Entra token naming another caller", issuer => "Bearer " + issuer.EntraToken(AppId, "https://login.microsoftonline.com/" + Tenant + "/v2.0", "someone-else", "2.0") },
        { "Entra token from a foreign tenant", issuer => "Bearer " + issuer.EntraToken(AppId, "https://login.microsoftonline.com/0badf00d-0000-4000-8000-000000000000/v2.0", AppId, "2.0") },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_request_is_refused_with_a_bare_401(string problem, Func<TestIssuer, string?> authorization)
    {
        await using var app = AuthenticatedBot();
        var header = authorization(_issuer);
        var channel = "msteams";
        // The "not endorsed" case: a correctly signed token, but for an activity from a channel the key may not speak for.
        if (header?.EndsWith("|slack", StringComparison.Ordinal) == true)
        {
            header = header[..^"|slack".Length];
            channel = "slack";
        }

        var response = await PostAsync(app, TeamsMessage("Who won the Russo-Japanese War?", channelId: channel), header);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{problem}: {response.StatusCode}");
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_reply_carries_the_bot_s_own_token_which_is_asked_for_only_when_a_reply_is_sent()
    {
        await using var login = await TestLogin.StartAsync();
        await using var channel = await FakeChannel.StartAsync();
        await using var app = AuthenticatedBot(login);
        var serviceUrl = channel.ServiceUrl.ToString();

        var answeredInline = await PostAsync(app, TeamsMessage("Is there a peace treaty?", serviceUrl), "Bearer " + _issuer.ChannelToken(AppId, serviceUrl));
        var requestsBeforeAnyReply = login.TokenRequests.Count;
        await PostAsync(app, TeamsMessage("Who won the Russo-Japanese War?", serviceUrl, expectReplies: false), "Bearer " + _issuer.ChannelToken(AppId, serviceUrl));
        var first = await channel.NextReplyAsync();
        await PostAsync(app, TeamsMessage("Which treaty ended it?", serviceUrl, expectReplies: false), "Bearer " + _issuer.ChannelToken(AppId, serviceUrl));
        var second = await channel.NextReplyAsync();

        Assert.Equal(HttpStatusCode.OK, answeredInline.StatusCode);
        Assert.Equal(0, requestsBeforeAnyReply);
        Assert.Equal("Bearer " + TestLogin.IssuedToken, first.Authorization);
        Assert.Equal("Bearer " + TestLogin.IssuedToken, second.Authorization);
        var request = Assert.Single(login.TokenRequests);
        Assert.Equal("client_credentials", request["grant_type"]);
        Assert.Equal(AppId, request["client_id"]);
        Assert.Equal("https://api.botframework.com/.default", request["scope"]);
    }

    [Fact]
    public async Task A_bot_with_a_certificate_signs_in_with_a_client_assertion_instead_of_a_secret()
    {
        await using var login = await TestLogin.StartAsync();
        await using var channel = await FakeChannel.StartAsync();
        using var folder = new TempFolder();
        using (var key = RSA.Create(2048))
        {
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=bot", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddMinutes(-5), TimeProvider.System.GetUtcNow().AddDays(1));
            File.WriteAllBytes(folder.File("bot.pfx"), certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx));
        }
        await using var app = AuthenticatedBot(login, certificatePath: folder.File("bot.pfx"));
        var serviceUrl = channel.ServiceUrl.ToString();

        await PostAsync(app, TeamsMessage("Who won the Russo-Japanese War?", serviceUrl, expectReplies: false), "Bearer " + _issuer.ChannelToken(AppId, serviceUrl));
        var reply = await channel.NextReplyAsync();

        Assert.Equal("Bearer " + TestLogin.IssuedToken, reply.Authorization);
        var signIn = Assert.Single(login.TokenRequests);
        Assert.False(signIn.ContainsKey("client_secret"));
        Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", signIn["client_assertion_type"]);
    }

    [Fact]
    public async Task A_validated_token_s_service_url_is_replied_to_and_nothing_else_leaves_the_machine()
    {
        await using var login = await TestLogin.StartAsync();
        var outbound = new RecordingHandler();
        await using var app = AuthenticatedBot(login, outbound);

        await PostAsync(app, TeamsMessage("Who won the Russo-Japanese War?", expectReplies: false), "Bearer " + _issuer.ChannelToken(AppId, ServiceUrl));
        for (var i = 0; i < 200 && outbound.Requests.Count < 2; i++)
            await Task.Delay(20);

        Assert.Equal(2, outbound.Requests.Count);
        Assert.All(outbound.Requests, sent => Assert.StartsWith(ServiceUrl + "v3/conversations/", sent.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Teams_answers_carry_the_AI_label_citations_and_feedback_buttons_and_a_press_is_recorded()
    {
        await using var login = await TestLogin.StartAsync();
        await using var channel = await FakeChannel.StartAsync();
        await using var app = AuthenticatedBot(login);
        var serviceUrl = channel.ServiceUrl.ToString();
        var question = TeamsMessage("<at>Japan Russia Bot</at> Who won the Russo-Japanese War?", serviceUrl, expectReplies: false);
        question["entities"] = new[] { new { type = "mention", text = "<at>Japan Russia Bot</at>", mentioned = new { id = "bot-1", name = "Japan Russia Bot" } } };
        question["conversation"] = new { id = "teams-conversation", conversationType = "channel", isGroup = true };

        await PostAsync(app, question, "Bearer " + _issuer.ChannelToken(AppId, serviceUrl));
        var answer = await channel.NextReplyAsync();
        var entity = answer.Activity["entities"]![0]!;
        // The channel sees the answer before the bot has noted the id the channel gave it; a person cannot press
        // that fast, so the press waits for the turn to finish, as it would in Teams.
        var turns = app.Services.GetRequiredService<Bot.Channels.BackgroundTurns>();
        for (var i = 0; i < 250 && turns.Pending > 0; i++)
            await Task.Delay(20);
        var invoke = TeamsMessage("", serviceUrl);
        invoke["type"] = "invoke";
        invoke["name"] = "message/submitAction";
        invoke["replyToId"] = answer.Id;
        invoke["conversation"] = new { id = "teams-conversation" };
        invoke["value"] = new { actionName = "feedback", actionValue = new { reaction = "dislike", feedback = "{\"feedbackText\":\"Too short\"}" } };
        var pressed = await PostAsync(app, invoke, "Bearer " + _issuer.ChannelToken(AppId, serviceUrl));

        Assert.Contains("victor", (string)answer.Activity["text"]!, StringComparison.Ordinal);
        Assert.Equal("AIGeneratedContent", (string?)entity["additionalType"]![0]);
        Assert.Equal(1, (int)entity["citation"]![0]!["position"]!);
        Assert.InRange(((string)entity["citation"]![0]!["appearance"]!["abstract"]!).Length, 1, 160);
        Assert.Equal("default", (string?)answer.Activity["channelData"]!["feedbackLoop"]!["type"]);
        Assert.Equal(HttpStatusCode.OK, pressed.StatusCode);
        Assert.Equal("{}", await pressed.Content.ReadAsStringAsync());
        var record = JsonNode.Parse(File.ReadAllText(app.FeedbackFile).Trim())!;
        Assert.Equal("dislike", (string?)record["reaction"]);
        Assert.Equal("Too short", (string?)record["comment"]);
        Assert.Equal("Who won the Russo-Japanese War?", (string?)record["question"]);
    }

    [Fact]
    public async Task Keys_are_fetched_once_and_cached_across_requests()
    {
        await using var app = AuthenticatedBot();

        for (var i = 0; i < 3; i++)
            await PostAsync(app, TeamsMessage("Who won?"), "Bearer " + _issuer.ChannelToken(AppId, ServiceUrl));

        Assert.Equal(1, _issuer.KeySetRequests);
    }
}

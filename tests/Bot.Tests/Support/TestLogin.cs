using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bot.Tests.Support;

/// <summary>
/// An Entra ID token endpoint on 127.0.0.1 over TLS (MSAL talks to https authorities only), with a
/// certificate made in the test. It hands out one fixed token per client-credentials request and counts them.
/// </summary>
public sealed class TestLogin : IAsyncDisposable
{
    public const string IssuedToken = "bot-token-from-test-login";

    readonly WebApplication _app;
    readonly List<IReadOnlyDictionary<string, string>> _requests = [];

    TestLogin(WebApplication app, X509Certificate2 certificate, int port)
    {
        _app = app;
        Certificate = certificate;
        AuthorityHost = new Uri($"https://127.0.0.1:{port}/");
    }

    public X509Certificate2 Certificate { get; }
    public Uri AuthorityHost { get; }

    public IReadOnlyList<IReadOnlyDictionary<string, string>> TokenRequests
    {
        get
        {
            lock (_requests)
                return [.. _requests];
        }
    }

    public static async Task<TestLogin> StartAsync()
    {
        var certificate = SelfSigned();
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(certificate)));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var login = new TestLogin(app, certificate, port);
        app.MapPost("/{tenant}/oauth2/v2.0/token", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            lock (login._requests)
                login._requests.Add(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            return Results.Json(new { token_type = "Bearer", expires_in = 3600, ext_expires_in = 3600, access_token = IssuedToken });
        });
        await app.StartAsync();
        return login;
    }

    /// <summary>A handler for the bot's MSAL client that trusts this server's certificate and no other untrusted one.</summary>
    public HttpMessageHandler TrustingHandler() => new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, presented, _, errors) =>
            errors == System.Net.Security.SslPolicyErrors.None || presented?.Thumbprint == Certificate.Thumbprint,
    };

    static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Certificate.Dispose();
    }
}

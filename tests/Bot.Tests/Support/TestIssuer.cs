using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bot.Tests.Support;

/// <summary>
/// Stands in for Microsoft's login servers on 127.0.0.1: OpenID metadata and key sets for the Bot Framework
/// (keys with endorsements) and for Entra ID, with an RSA key made in the test, and tokens signed with it.
/// </summary>
public sealed class TestIssuer : IAsyncDisposable
{
    public const string BotFrameworkIssuer = "https://api.botframework.com";
    public const string KeyId = "test-signing-key";

    readonly WebApplication _app;
    readonly RSA _key = RSA.Create(2048);

    TestIssuer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;
    public Uri BotFrameworkMetadata => new(BaseUrl, "botframework/.well-known/openidconfiguration");
    public Uri EntraMetadata => new(BaseUrl, "entra/v2.0/.well-known/openid-configuration");
    public string[] Endorsements { get; set; } = ["msteams", "emulator", "webchat", "directline"];
    public int KeySetRequests => _keySetRequests;
    int _keySetRequests;

    public static async Task<TestIssuer> StartAsync()
    {
        var app = Loopback.NewServer();
        var issuer = new TestIssuer(app);
        app.MapGet("/botframework/.well-known/openidconfiguration", () => Results.Json(new
        {
            issuer = BotFrameworkIssuer,
            jwks_uri = new Uri(issuer.BaseUrl, "botframework/keys").ToString(),
        }));
        app.MapGet("/botframework/keys", () =>
        {
            Interlocked.Increment(ref issuer._keySetRequests);
            return Results.Content(issuer.KeySet(withEndorsements: true), "application/json");
        });
        app.MapGet("/entra/v2.0/.well-known/openid-configuration", () => Results.Json(new
        {
            issuer = "https://login.microsoftonline.com/{tenantid}/v2.0",
            jwks_uri = new Uri(issuer.BaseUrl, "entra/keys").ToString(),
        }));
        app.MapGet("/entra/keys", () => Results.Content(issuer.KeySet(withEndorsements: false), "application/json"));
        await app.StartAsync();
        issuer.BaseUrl = Loopback.AddressOf(app.Services);
        return issuer;
    }

    string KeySet(bool withEndorsements)
    {
        var parameters = _key.ExportParameters(false);
        var key = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        if (withEndorsements)
            key["endorsements"] = new JsonArray([.. Endorsements.Select(e => (JsonNode)e)]);
        return new JsonObject { ["keys"] = new JsonArray(key) }.ToJsonString();
    }

    /// <summary>A token as a Bot Framework channel sends it; every part can be made wrong for a test.</summary>
    public string ChannelToken(
        string audience,
        string serviceUrl,
        TimeSpan? expiresIn = null,
        TimeSpan? validFrom = null,
        string issuer = BotFrameworkIssuer,
        RSA? signingKey = null,
        string keyId = KeyId,
        string algorithm = SecurityAlgorithms.RsaSha256,
        IEnumerable<Claim>? extraClaims = null)
    {
        var claims = new List<Claim> { new("serviceurl", serviceUrl) };
        claims.AddRange(extraClaims ?? []);
        return Sign(issuer, audience, claims, expiresIn, validFrom, signingKey, keyId, algorithm);
    }

    /// <summary>A correctly signed channel token whose claims and header carry what the test puts there (1e20 as exp, a crit header).</summary>
    public string ChannelTokenWith(string audience, string serviceUrl, IDictionary<string, object>? claims = null, IDictionary<string, object>? header = null)
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var all = new Dictionary<string, object> { ["iss"] = BotFrameworkIssuer, ["aud"] = audience, ["serviceurl"] = serviceUrl, ["nbf"] = now - 60, ["exp"] = now + 1800 };
        foreach (var (name, value) in claims ?? new Dictionary<string, object>())
            all[name] = value;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = all,
            AdditionalHeaderClaims = header,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>An Entra ID token: v1 names the calling app in appid, v2 in azp.</summary>
    public string EntraToken(string audience, string issuer, string callerAppId, string version) =>
        Sign(issuer, audience, [new("ver", version), new(version == "1.0" ? "appid" : "azp", callerAppId)], null, null, null, KeyId, SecurityAlgorithms.RsaSha256);

    string Sign(string issuer, string audience, IEnumerable<Claim> claims, TimeSpan? expiresIn, TimeSpan? validFrom, RSA? signingKey, string keyId, string algorithm)
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var credentials = new SigningCredentials(new RsaSecurityKey(signingKey ?? _key) { KeyId = keyId }, algorithm);
        var notBefore = now + (validFrom ?? TimeSpan.FromMinutes(-1));
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(30));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = notBefore,
            Expires = expires,
            IssuedAt = notBefore,
            SigningCredentials = credentials,
        });
    }

    /// <summary>The classic forgery: an HMAC token keyed with the issuer's public key, hoping the validator treats it as a shared secret.</summary>
    public string HmacTokenKeyedWithPublicKey(string audience, string serviceUrl)
    {
        var publicKey = Encoding.UTF8.GetBytes(KeySet(withEndorsements: true));
        var credentials = new SigningCredentials(new SymmetricSecurityKey(publicKey) { KeyId = KeyId }, SecurityAlgorithms.HmacSha256);
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = BotFrameworkIssuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("serviceurl", serviceUrl)]),
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddMinutes(30),
            SigningCredentials = credentials,
        });
    }

    /// <summary>A token that says it needs no signature.</summary>
    public static string UnsignedToken(string audience, string serviceUrl)
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var header = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new { alg = "none", typ = "JWT" }));
        var payload = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new { iss = BotFrameworkIssuer, aud = audience, serviceurl = serviceUrl, nbf = now - 60, exp = now + 1800 }));
        return $"{header}.{payload}.";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Dispose();
    }
}

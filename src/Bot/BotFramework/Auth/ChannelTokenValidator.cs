using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace Bot.BotFramework.Auth;

/// <summary>The outcome of checking a request's token: a validated token, or the reason it was refused (logged, never shown).</summary>
public sealed record TokenCheck(ValidatedToken? Token, string? Refusal)
{
    public static TokenCheck Refuse(string reason) => new(null, reason);
}

/// <summary>
/// Checks the bearer tokens that channels send with each activity, as the Bot Framework's authentication
/// spec lays out: Bot Framework channel tokens (issuer, audience, lifetime, RS256/384/512, the signing key's
/// endorsement of the activity's channel, the serviceurl claim) and Entra ID tokens (the Bot Framework
/// tenants and the bot's own; v1 appid, v2 azp). Keys come from OpenID metadata, cached, and refreshed when
/// a token names a key the cache does not hold. As strictly as the Bot Framework SDK: the key that checks the
/// signature is the one the token's <c>kid</c> names, never another key of the set that happens to verify it,
/// and the endorsements checked are that key's.
/// </summary>
public sealed class ChannelTokenValidator
{
    /// <summary>No real channel token comes near this; a larger one is refused before any parsing.</summary>
    public const int MaxTokenLength = 16 * 1024;

    static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    static readonly string[] AllowedAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    readonly BotAuthOptions _options;
    readonly TimeProvider _time;
    readonly ConfigurationManager<SigningKeys> _channelKeys;
    readonly ConfigurationManager<SigningKeys> _entraKeys;
    readonly HashSet<string> _entraIssuers;

    public ChannelTokenValidator(IOptions<BotAuthOptions> options, IHttpClientFactory httpClients, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _channelKeys = KeysFrom(_options.OpenIdMetadataUrl, httpClients);
        _entraKeys = KeysFrom(_options.EntraOpenIdMetadataUrl, httpClients);
        _entraIssuers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tenant in BotAuthOptions.BotFrameworkTenants.Append(_options.MicrosoftAppTenantId).OfType<string>())
        {
            _entraIssuers.Add($"https://sts.windows.net/{tenant}/");
            _entraIssuers.Add($"{_options.AuthorityHost.AbsoluteUri.TrimEnd('/')}/{tenant}/v2.0");
            _entraIssuers.Add($"https://login.microsoftonline.com/{tenant}/v2.0");
        }
    }

    static ConfigurationManager<SigningKeys> KeysFrom(Uri metadata, IHttpClientFactory httpClients) =>
        new(metadata.AbsoluteUri, new SigningKeysRetriever(), new HttpDocumentRetriever(httpClients.CreateClient(nameof(ChannelTokenValidator)))
        {
            // Test issuers listen on loopback without TLS; anything else must be https.
            RequireHttps = !metadata.IsLoopback,
        })
        {
            AutomaticRefreshInterval = TimeSpan.FromHours(24),
            RefreshInterval = TimeSpan.FromMinutes(1),
        };

    /// <summary>Checks the Authorization header on its own: format, size, algorithm, signature, issuer, audience, lifetime.</summary>
    public async Task<TokenCheck> ValidateAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(authorization))
            return TokenCheck.Refuse("no Authorization header");
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return TokenCheck.Refuse("not a Bearer token");
        var token = authorization["Bearer ".Length..].Trim();
        if (token.Length > MaxTokenLength)
            return TokenCheck.Refuse($"token of {token.Length} characters, over the {MaxTokenLength} allowed");
        var parts = token.Split('.');
        if (parts.Length != 3)
            return TokenCheck.Refuse(parts.Length == 5 ? "an encrypted (JWE) token" : "not a signed JWT");
        var (algorithm, critical) = ReadHeader(parts[0]);
        if (algorithm is null || !AllowedAlgorithms.Contains(algorithm, StringComparer.Ordinal))
            return TokenCheck.Refuse("a signing algorithm other than RS256, RS384 or RS512");
        // RFC 7515 4.1.11: a token whose header names extensions that must be understood is refused by one that understands none.
        if (critical)
            return TokenCheck.Refuse("a crit header naming extensions this bot does not understand");

        var handler = new JsonWebTokenHandler { MapInboundClaims = false };
        string issuer;
        try
        {
            issuer = handler.ReadJsonWebToken(token).Issuer;
        }
        catch (ArgumentException e)
        {
            return TokenCheck.Refuse($"unreadable token: {e.GetType().Name}");
        }

        var fromChannel = string.Equals(issuer, _options.TokenIssuer, StringComparison.Ordinal);
        if (!fromChannel && !_entraIssuers.Contains(issuer))
            return TokenCheck.Refuse($"issuer {issuer} is neither the Bot Framework nor an accepted Entra tenant");
        var keys = fromChannel ? _channelKeys : _entraKeys;

        var (principal, signingKey, signing, refusal) = await ValidateSignedAsync(handler, token, keys, [fromChannel ? _options.TokenIssuer : issuer], cancellationToken).ConfigureAwait(false);
        if (principal is null)
            return TokenCheck.Refuse(refusal!);

        if (fromChannel)
        {
            // The endorsements of the key the header names, in the key set that validated the signature, not of one fetched since.
            var endorsed = signingKey?.KeyId is { } kid && signing!.Endorsements.TryGetValue(kid, out var list) ? list : [];
            return new TokenCheck(new ValidatedToken(true, endorsed, principal.FindFirst("serviceurl")?.Value, null), null);
        }

        // Entra tokens: v1 names the calling app in appid, v2 in azp; it must be this bot itself (the Emulator signs in as the bot).
        var version = principal.FindFirst("ver")?.Value;
        var caller = version == "2.0" ? principal.FindFirst("azp")?.Value : principal.FindFirst("appid")?.Value;
        if (!string.Equals(caller, _options.MicrosoftAppId, StringComparison.OrdinalIgnoreCase))
            return TokenCheck.Refuse($"Entra token (ver {version ?? "none"}) for caller {caller ?? "(none)"}, not this bot");
        return new TokenCheck(new ValidatedToken(false, [], null, caller), null);
    }

    /// <summary>Checks what a valid token says against the activity it came with: the channel its key may speak for, and the serviceUrl it vouches for.</summary>
    public static string? RefusalFor(ValidatedToken token, Activity activity)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(activity);
        if (!token.FromChannel)
            return null;
        if (activity.ChannelId is not { } channel || !token.EndorsedChannels.Contains(channel, StringComparer.OrdinalIgnoreCase))
            return $"the signing key is not endorsed for channel {activity.ChannelId ?? "(none)"}";
        if (!string.Equals(token.ServiceUrl?.TrimEnd('/'), activity.ServiceUrl?.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            return $"the token vouches for serviceUrl {token.ServiceUrl ?? "(none)"}, not {activity.ServiceUrl ?? "(none)"}";
        return null;
    }

    async Task<(ClaimsIdentity? Principal, SecurityKey? Key, SigningKeys? KeySet, string? Refusal)> ValidateSignedAsync(
        JsonWebTokenHandler handler, string token, ConfigurationManager<SigningKeys> keys, string[] issuers, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            SigningKeys signing;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_options.MetadataTimeout);
            try
            {
                signing = await keys.GetConfigurationAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                return (null, null, null, $"signing keys unavailable: {e.Message}");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (null, null, null, $"signing keys unavailable: the metadata did not arrive within {_options.MetadataTimeout.TotalSeconds:0.#} s");
            }
            var parameters = new TokenValidationParameters
            {
                ValidIssuers = issuers,
                ValidAudiences = [_options.MicrosoftAppId!, $"api://{_options.MicrosoftAppId}"],
                IssuerSigningKeys = signing.Keys,
                // The key is the one the header's kid names; a token naming no key of the set is refused even
                // when another key of the set would verify it.
                TryAllIssuerSigningKeys = false,
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ValidateLifetime = true,
                ClockSkew = ClockSkew,
                LifetimeValidator = Lifetime,
                ValidAlgorithms = AllowedAlgorithms,
            };
            var result = await handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
            if (result.IsValid)
                return (result.ClaimsIdentity, result.SecurityToken is JsonWebToken { SigningKey: { } key } ? key : null, signing, null);
            switch (result.Exception)
            {
                case SecurityTokenSignatureKeyNotFoundException when attempt == 0:
                    // A key the cache has not seen: the issuer may have rolled its keys. Ask again, once.
                    keys.RequestRefresh();
                    continue;
                case SecurityTokenSignatureKeyNotFoundException:
                    return (null, null, null, "signed under a key id the issuer does not publish");
                case SecurityTokenException e:
                    return (null, null, null, e.GetType().Name);
                case { } e:
                    return (null, null, null, $"unreadable token: {e.GetType().Name}");
                default:
                    return (null, null, null, "refused");
            }
        }
        return (null, null, null, "signed with a key the issuer does not publish");
    }

    bool Lifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        if (expires is null || expires.Value.ToUniversalTime() + ClockSkew < now)
            throw new SecurityTokenExpiredException("expired");
        if (notBefore is { } nbf && nbf.ToUniversalTime() - ClockSkew > now)
            throw new SecurityTokenNotYetValidException("not yet valid");
        return true;
    }

    /// <summary>The header's alg, and whether it has a crit parameter; a header that is not a JSON object has neither.</summary>
    static (string? Algorithm, bool Critical) ReadHeader(string encodedHeader)
    {
        try
        {
            using var header = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(encodedHeader));
            var root = header.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return (null, false);
            var algorithm = root.TryGetProperty("alg", out var alg) && alg.ValueKind == JsonValueKind.String ? alg.GetString() : null;
            return (algorithm, root.TryGetProperty("crit", out _));
        }
        // InvalidOperationException: a string that is not valid Unicode ("\ud800").
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException)
        {
            return (null, false);
        }
    }
}

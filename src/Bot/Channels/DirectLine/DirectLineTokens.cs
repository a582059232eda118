using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bot.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Bot.Channels.DirectLine;

/// <summary>
/// Mints and reads Direct Line tokens. A token is the grant, encrypted and signed by ASP.NET Core Data
/// Protection (with its key ring and rotation), so a client can neither read nor forge one, and the bot
/// needs no table of issued tokens. Expiry is checked against the bot's own clock.
/// </summary>
public sealed class DirectLineTokens(IDataProtectionProvider protection, IOptions<DirectLineOptions> options, TimeProvider time)
{
    readonly IDataProtector _protector = protection.CreateProtector("Bot.DirectLine.Token.v1");
    readonly DirectLineOptions _options = options.Value;

    public IssuedToken Issue(string conversationId, string userId, string? userName)
    {
        var grant = new DirectLineGrant(conversationId, userId, userName, time.GetUtcNow() + _options.TokenLifetime);
        var token = _protector.Protect(JsonSerializer.Serialize(grant));
        return new IssuedToken(conversationId, token, (int)_options.TokenLifetime.TotalSeconds, grant);
    }

    /// <summary>A fresh token for a new conversation, with a user id of its own unless one is given.</summary>
    public IssuedToken IssueForNewConversation(string? userId = null, string? userName = null) =>
        Issue(NewId(), string.IsNullOrWhiteSpace(userId) ? "dl_" + NewId() : userId, userName);

    public TokenProblem Read(string? bearer, out DirectLineGrant? grant)
    {
        grant = null;
        if (string.IsNullOrEmpty(bearer))
            return TokenProblem.Missing;
        try
        {
            grant = JsonSerializer.Deserialize<DirectLineGrant>(_protector.Unprotect(bearer));
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException && !ConversationDatabaseUnavailableException.IsBehind(e))
        {
            return TokenProblem.Unreadable;
        }
        if (grant is null)
            return TokenProblem.Unreadable;
        return grant.Expires <= time.GetUtcNow() ? TokenProblem.Expired : TokenProblem.None;
    }

    /// <summary>Whether the bearer is one of the configured secrets, compared in constant time.</summary>
    public bool IsSecret(string? bearer)
    {
        if (string.IsNullOrEmpty(bearer))
            return false;
        var given = Encoding.UTF8.GetBytes(bearer);
        var found = false;
        foreach (var secret in _options.Secrets)
            found |= CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(secret));
        return found;
    }

    /// <summary>Unguessable, URL-safe ids: a conversation id is not a credential, but nobody should be able to enumerate them.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

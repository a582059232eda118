using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace Bot.BotFramework.Auth;

/// <summary>
/// Reads OpenID metadata and the key set it points to. The identity library's own OpenID reader drops the
/// non-standard <c>endorsements</c> of each key, so the key set is read here, keys and endorsements together.
/// </summary>
public sealed class SigningKeysRetriever : IConfigurationRetriever<SigningKeys>
{
    public async Task<SigningKeys> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        var metadata = JsonNode.Parse(await retriever.GetDocumentAsync(address, cancel).ConfigureAwait(false));
        var jwksUri = (string?)metadata?["jwks_uri"] ?? throw new InvalidOperationException($"The OpenID metadata at {address} names no jwks_uri.");
        var jwks = await retriever.GetDocumentAsync(jwksUri, cancel).ConfigureAwait(false);

        var keys = new JsonWebKeySet(jwks).GetSigningKeys();
        var endorsements = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var key in JsonNode.Parse(jwks)?["keys"]?.AsArray() ?? [])
        {
            if ((string?)key?["kid"] is { } kid && key?["endorsements"] is JsonArray endorsed)
                endorsements[kid] = [.. endorsed.Select(e => (string?)e).OfType<string>()];
        }
        return new SigningKeys([.. keys], endorsements);
    }
}

using Microsoft.IdentityModel.Tokens;

namespace Bot.BotFramework.Auth;

/// <summary>
/// An issuer's signing keys, with the channels each Bot Framework key is endorsed for (a key endorsed for
/// "msteams" may sign only Teams' activities). Entra keys carry no endorsements.
/// </summary>
public sealed record SigningKeys(IReadOnlyList<SecurityKey> Keys, IReadOnlyDictionary<string, IReadOnlyList<string>> Endorsements);

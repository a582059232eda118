namespace Bot.BotFramework.Auth;

/// <summary>A token that passed: who issued it, and, for a Bot Framework channel token, the channels its key may speak for and the serviceUrl it vouches for.</summary>
public sealed record ValidatedToken(bool FromChannel, IReadOnlyList<string> EndorsedChannels, string? ServiceUrl, string? CallerAppId);

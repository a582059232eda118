namespace Bot.BotFramework.Auth;

/// <summary>The bot's own bearer token for the channel's Connector API; null for the anonymous local bot.</summary>
public interface IBotTokenProvider
{
    ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken);
}

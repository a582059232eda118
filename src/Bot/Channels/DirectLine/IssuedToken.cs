namespace Bot.Channels.DirectLine;

/// <summary>A token as handed to a client, in Direct Line's own shape, with the grant it carries.</summary>
public sealed record IssuedToken(string ConversationId, string Token, int ExpiresIn, DirectLineGrant? Grant = null);

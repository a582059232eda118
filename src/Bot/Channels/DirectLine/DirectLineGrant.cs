namespace Bot.Channels.DirectLine;

/// <summary>What a valid token says: the one conversation it opens, for whom, and until when.</summary>
public sealed record DirectLineGrant(string ConversationId, string UserId, string? UserName, DateTimeOffset Expires);

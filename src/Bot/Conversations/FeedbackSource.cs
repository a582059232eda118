namespace Bot.Conversations;

/// <summary>Where a reaction or a declined question came from: the conversation's memory key, its id as the channel knows it, and the channel.</summary>
public readonly record struct FeedbackSource(string ConversationKey, string ConversationId, string? ChannelId);

namespace Bot.BotFramework;

/// <summary>The reply to an expectReplies request: the activities the bot would otherwise have sent.</summary>
public sealed record ExpectedReplies(IReadOnlyList<Activity> Activities);

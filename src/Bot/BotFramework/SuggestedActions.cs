namespace Bot.BotFramework;

public sealed record SuggestedActions(IReadOnlyList<CardAction> Actions);

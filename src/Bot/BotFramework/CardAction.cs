namespace Bot.BotFramework;

public sealed record CardAction(string Type, string Title, string Value);

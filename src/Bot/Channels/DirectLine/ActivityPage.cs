using Bot.BotFramework;

namespace Bot.Channels.DirectLine;

/// <summary>A page of a conversation's activities, and the watermark to ask from next time.</summary>
public sealed record ActivityPage(IReadOnlyList<Activity> Activities, string Watermark);

namespace Bot.BotFramework;

public sealed class ChannelAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Role { get; set; }
    public string? AadObjectId { get; set; }
}

namespace Bot.BotFramework;

public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string Event = "event";
    public const string Invoke = "invoke";
    public const string Typing = "typing";
}

namespace Bot.BotFramework.Auth;

public enum BotAppType { SingleTenant, MultiTenant, UserAssignedMSI }

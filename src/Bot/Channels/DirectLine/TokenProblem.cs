namespace Bot.Channels.DirectLine;

/// <summary>Why a request's credentials did not open the conversation it asked for.</summary>
public enum TokenProblem { None, Missing, Unreadable, Expired, OtherConversation }

namespace Bot.Answers;

/// <summary>Where a search word came from: the question itself, or the conversation it continues.</summary>
public enum TermSource { Asked, Context }

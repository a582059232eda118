namespace Bot.Index;

/// <summary>
/// The index could not be read (a damaged or vanished folder, a failing disk): not the question's fault, and
/// not an answer of "nothing found". The turn tells the person the bot cannot search just now.
/// </summary>
public sealed class IndexUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

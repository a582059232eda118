namespace Bot.Storage;

/// <summary>
/// The database could not be reached in time, or refused the work. Callers decide what that costs: a turn
/// goes on without its conversation, a web chat request is answered 503.
/// </summary>
public sealed class ConversationDatabaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Whether an outage is behind <paramref name="e"/>, however deep Data Protection or others wrapped it.</summary>
    public static bool IsBehind(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is ConversationDatabaseUnavailableException)
                return true;
        }
        return false;
    }
}

namespace Bot.Storage;

/// <summary>A store in the shared database whose rows expire: conversations, web chats.</summary>
public interface IExpiringRows
{
    /// <summary>What its rows are, for the log ("conversations").</summary>
    string Name { get; }

    /// <summary>Deletes the rows idle past their expiry; returns how many.</summary>
    Task<int> DeleteExpiredAsync(CancellationToken cancellationToken);
}

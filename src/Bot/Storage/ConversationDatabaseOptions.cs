using System.ComponentModel.DataAnnotations;

namespace Bot.Storage;

/// <summary>How the bot uses the database that several instances share, when <c>ConnectionStrings:Conversations</c> names one.</summary>
public sealed class ConversationDatabaseOptions
{
    public const string Section = "Conversations:Database";

    /// <summary>The connection string (from <c>ConnectionStrings:Conversations</c>); without one, state stays in this process.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The longest one read or write may take, connecting included. A turn waits this long at most for its
    /// conversation before it answers without it, so it is short.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>After repeated failures, how long the bot stops asking a database that is down before it tries again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan PauseAfterFailures { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often expired conversations are deleted; any instance may do it, and doing it twice is harmless.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    public bool IsEnabled => !string.IsNullOrWhiteSpace(ConnectionString);
}

using System.ComponentModel.DataAnnotations;

namespace Bot.Conversations;

public sealed class ConversationOptions
{
    public const string Section = "Conversations";

    /// <summary>How many turns of a conversation are remembered; older ones fall away.</summary>
    [Range(1, 100)]
    public int TurnsKept { get; set; } = 6;

    /// <summary>How many conversations are remembered at once; past this the least recently active are forgotten.</summary>
    [Range(1, 10_000_000)]
    public int MaxConversations { get; set; } = 10_000;

    /// <summary>A conversation idle this long is forgotten, and its next question starts afresh.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan IdleExpiry { get; set; } = TimeSpan.FromHours(1);
}

using System.ComponentModel.DataAnnotations;

namespace Bot.Channels.DirectLine;

public sealed class DirectLineOptions
{
    public const string Section = "DirectLine";

    /// <summary>
    /// Secrets that a server (never a browser) may trade for tokens at <c>/v3/directline/tokens/generate</c>.
    /// The bot's own chat page needs none: its server side mints the token itself.
    /// </summary>
    public List<string> Secrets { get; set; } = [];

    /// <summary>How long a token opens its conversation; Web Chat refreshes it well before then.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How many web chat conversations are kept at once; past this the least recently active end.</summary>
    [Range(1, 10_000_000)]
    public int MaxConversations { get; set; } = 10_000;

    /// <summary>A conversation nobody has posted to or polled for this long has ended.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan IdleExpiry { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many recent activities a conversation keeps for its poller; older ones have long been read.</summary>
    [Range(10, 100_000)]
    public int ActivitiesKept { get; set; } = 200;

    /// <summary>The longest message a visitor may post, in characters; a chat question needs far fewer (longer ones are answered with a request to ask more briefly).</summary>
    [Range(100, 100_000)]
    public int MaxTextLength { get; set; } = 4_000;

    /// <summary>What one conversation's stream may hold, in bytes of JSON; past it the oldest activities go first.</summary>
    [Range(16 * 1024, 64 * 1024 * 1024)]
    public int MaxConversationBytes { get; set; } = 256 * 1024;

    /// <summary>What all web chat streams in this process may hold together, in bytes of JSON; past it the least recently active conversations end.</summary>
    [Range(1024 * 1024, 16L * 1024 * 1024 * 1024)]
    public long MaxStoreBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Posts one conversation may make in a burst before it must slow down (429).</summary>
    [Range(1, 10_000)]
    public int PostBurst { get; set; } = 10;

    /// <summary>Posts per minute a conversation may keep up after its burst.</summary>
    [Range(1, 100_000)]
    public int PostsPerMinute { get; set; } = 30;

    /// <summary>Tokens the chat page may mint per minute for one client address: each opens a conversation.</summary>
    [Range(1, 100_000)]
    public int TokensPerMinutePerClient { get; set; } = 30;

    /// <summary>
    /// With a shared database: a visitor's message still unanswered this long after it was posted is answered
    /// by another instance, since the one that took it stopped mid-turn. Longer than the slowest turn (a model's
    /// time budget and two database time limits), or slow turns are answered twice.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan UnansweredAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The name the bot carries in the conversation.</summary>
    [Required]
    public string BotName { get; set; } = "Bot";
}

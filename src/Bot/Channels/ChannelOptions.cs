using System.ComponentModel.DataAnnotations;

namespace Bot.Channels;

public sealed class ChannelOptions : IValidatableObject
{
    public const string Section = "Channels";

    /// <summary>
    /// The address people reach the bot at, for citation links (https://bot.example.com/). When not set,
    /// links use the address the request came in on.
    /// </summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>
    /// serviceUrls, besides loopback, that an unauthenticated bot may send replies to. Anyone can post an
    /// activity naming any serviceUrl, so without authentication the bot only calls addresses listed here.
    /// </summary>
    public List<Uri> AllowedServiceUrls { get; set; } = [];

    /// <summary>How many times a reply is tried before it is given up (and logged).</summary>
    [Range(1, 10)]
    public int SendAttempts { get; set; } = 4;

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long one reply may take, all its attempts and waits together (a channel's Retry-After included),
    /// before it is given up and the conversation's next turn goes ahead.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SendBudget { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Turns one conversation may have waiting or running; past it, a message is answered 429.</summary>
    [Range(1, 1000)]
    public int MaxQueuedPerConversation { get; set; } = 5;

    /// <summary>Turns all conversations together may have waiting or running; past it, a message is answered 429.</summary>
    [Range(1, 1_000_000)]
    public int MaxQueuedTurns { get; set; } = 500;

    /// <summary>
    /// How often an answer being written by a language model is shown again as it grows, on Teams and Web
    /// Chat: Teams takes one streaming request a second.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:10")]
    public TimeSpan DraftInterval { get; set; } = TimeSpan.FromSeconds(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PublicUrl is { IsAbsoluteUri: false })
            yield return new ValidationResult("Channels:PublicUrl must be an absolute URL.", [nameof(PublicUrl)]);
        foreach (var url in AllowedServiceUrls)
        {
            if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
                yield return new ValidationResult($"Channels:AllowedServiceUrls holds '{url}', which is not an absolute http(s) URL.", [nameof(AllowedServiceUrls)]);
        }
    }
}

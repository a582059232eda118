using System.ComponentModel.DataAnnotations;

namespace Bot.BotFramework;

/// <summary>
/// How replies go to a channel's Connector API (its serviceUrl). Read from the <c>Channels</c> section, with
/// the rest of the channels' settings.
/// </summary>
public sealed class ConnectorOptions : IValidatableObject
{
    public const string Section = "Channels";

    /// <summary>
    /// serviceUrls, besides loopback, that an unauthenticated bot may send replies to. Anyone can post an
    /// activity naming any serviceUrl, so without authentication the bot only calls addresses listed here.
    /// </summary>
    public List<Uri> AllowedServiceUrls { get; set; } = [];

    /// <summary>How many times a reply is tried before it is given up (and logged).</summary>
    [Range(1, 10)]
    public int SendAttempts { get; set; } = 4;

    /// <summary>How long one attempt may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long one reply may take, all its attempts and waits together (a channel's Retry-After included),
    /// before it is given up and the conversation's next turn goes ahead.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SendBudget { get; set; } = TimeSpan.FromSeconds(60);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var url in AllowedServiceUrls)
        {
            if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
                yield return new ValidationResult($"Channels:AllowedServiceUrls holds '{url}', which is not an absolute http(s) URL.", [nameof(AllowedServiceUrls)]);
        }
    }
}

using System.ComponentModel.DataAnnotations;

namespace Bot.Channels;

/// <summary>How the bot takes turns and shows answers on its channels (the <c>Channels</c> section; how replies are sent is <see cref="BotFramework.ConnectorOptions"/>).</summary>
public sealed class ChannelOptions : IValidatableObject
{
    public const string Section = "Channels";

    /// <summary>
    /// The address people reach the bot at, for citation links (https://bot.example.com/). When not set,
    /// links use the address the request came in on.
    /// </summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>Turns one conversation may have waiting or running; past it, a message is answered 429.</summary>
    [Range(1, 1000)]
    public int MaxQueuedPerConversation { get; set; } = 5;

    /// <summary>Turns all conversations together may have waiting or running; past it, a message is answered 429.</summary>
    [Range(1, 1_000_000)]
    public int MaxQueuedTurns { get; set; } = 500;

    /// <summary>
    /// Bytes the activities waiting or running in the turn queue may take in all (as they arrived); past it a
    /// message is answered 429. Counting turns alone let 500 activities of 250 KB hold 237 MB.
    /// </summary>
    [Range(64 * 1024, 4L * 1024 * 1024 * 1024)]
    public long MaxQueuedBytes { get; set; } = 16 * 1024 * 1024;

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
    }
}

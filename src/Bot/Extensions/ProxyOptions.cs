using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Bot.Extensions;

/// <summary>The reverse proxies in front of the bot whose X-Forwarded-For and X-Forwarded-Proto it believes.</summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string Section = "Proxy";

    /// <summary>
    /// Addresses (10.0.0.4) or networks (10.0.0.0/24) of trusted proxies. Empty (the default): the headers are
    /// ignored, since anyone can send them, and every client is known by the address it connects from.
    /// </summary>
    public List<string> Trusted { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in Trusted)
        {
            if (!IPAddress.TryParse(entry, out _) && !System.Net.IPNetwork.TryParse(entry, out _))
                yield return new ValidationResult($"Proxy:Trusted holds '{entry}', which is neither an address nor a network such as 10.0.0.0/24.", [nameof(Trusted)]);
        }
    }
}

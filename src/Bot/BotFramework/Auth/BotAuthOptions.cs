using System.ComponentModel.DataAnnotations;

namespace Bot.BotFramework.Auth;

/// <summary>
/// Who the bot is to Azure Bot Service, under the keys Azure deployments already use (they sit at the root
/// of configuration: <c>MicrosoftAppId</c>, not <c>Bot:MicrosoftAppId</c>). With no app id the bot is the
/// anonymous local bot the Emulator talks to.
/// </summary>
public sealed class BotAuthOptions : IValidatableObject
{
    /// <summary>The Bot Framework tenants whose Entra tokens a bot accepts, besides its own.</summary>
    public static readonly IReadOnlyList<string> BotFrameworkTenants =
    [
        "d6d49420-f39b-4df7-a1dc-d59a935871db",
        "f8cdef31-a31e-4b4a-93e4-5f571e91255a",
        "69e9b82d-4842-4902-8d1e-abc5b98a55e8",
    ];

    public BotAppType MicrosoftAppType { get; set; } = BotAppType.SingleTenant;
    public string? MicrosoftAppId { get; set; }
    public string? MicrosoftAppPassword { get; set; }
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>A PFX file to prove the bot's identity with, instead of a password.</summary>
    public string? MicrosoftAppCertificatePath { get; set; }
    public string? MicrosoftAppCertificatePassword { get; set; }

    /// <summary>Where the Bot Framework's signing keys are published: OpenID metadata whose keys carry endorsements.</summary>
    [Required]
    public Uri OpenIdMetadataUrl { get; set; } = new("https://login.botframework.com/v1/.well-known/openidconfiguration");

    [Required]
    public string TokenIssuer { get; set; } = "https://api.botframework.com";

    [Required]
    public Uri EntraOpenIdMetadataUrl { get; set; } = new("https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration");

    /// <summary>
    /// The longest the bot waits for the signing keys (the OpenID metadata and its key set, together) when it
    /// has none that can check a token; past it the request is refused 401 and the keys are tried again on the
    /// next one. A slow metadata endpoint must not hold every message for minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan MetadataTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The Entra ID login address the bot gets its own tokens from.</summary>
    [Required]
    public Uri AuthorityHost { get; set; } = new("https://login.microsoftonline.com");

    /// <summary>The scope of the bot's token for the Connector API.</summary>
    [Required]
    public string ConnectorScope { get; set; } = "https://api.botframework.com/.default";

    public bool IsAuthenticated => !string.IsNullOrWhiteSpace(MicrosoftAppId);

    /// <summary>The tenant the bot's own tokens come from: its own, or botframework.com for a multi-tenant bot.</summary>
    public string TokenTenant => string.IsNullOrWhiteSpace(MicrosoftAppTenantId) ? "botframework.com" : MicrosoftAppTenantId;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsAuthenticated)
            yield break;
        if (MicrosoftAppType == BotAppType.SingleTenant && string.IsNullOrWhiteSpace(MicrosoftAppTenantId))
            yield return new ValidationResult("A SingleTenant bot needs MicrosoftAppTenantId.", [nameof(MicrosoftAppTenantId)]);
        if (MicrosoftAppType != BotAppType.UserAssignedMSI && string.IsNullOrEmpty(MicrosoftAppPassword) && string.IsNullOrEmpty(MicrosoftAppCertificatePath))
            yield return new ValidationResult("With MicrosoftAppId set, MicrosoftAppPassword or MicrosoftAppCertificatePath is needed (or MicrosoftAppType UserAssignedMSI).", [nameof(MicrosoftAppPassword)]);
    }
}

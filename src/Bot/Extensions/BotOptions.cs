using System.ComponentModel.DataAnnotations;

namespace Bot.Extensions;

/// <summary>Who the bot is to the services around it.</summary>
public sealed class BotOptions
{
    public const string Section = "Bot";

    /// <summary>
    /// The name every instance of one bot shares: the application name its web chat tokens are sealed under
    /// (instances with one key ring read each other's tokens only under the same name), the user agent it
    /// calls a language model with, and its service name in telemetry (unless <c>OTEL_SERVICE_NAME</c> says otherwise).
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,64}$", ErrorMessage = "Bot:Name must be 1 to 64 letters, digits, dots, dashes or underscores.")]
    public string Name { get; set; } = "japan-russia-bot";

    /// <summary>The options as configuration gives them, for what is decided while services are registered.</summary>
    public static BotOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<BotOptions>() ?? new BotOptions();
}

using System.ComponentModel.DataAnnotations;

namespace Bot.Reports;

public sealed class OperatorOptions
{
    public const string Section = "Operator";

    /// <summary>The key that opens <c>/operator</c>; without one the page does not exist. Keep it out of appsettings.json (an environment variable, user secrets, Key Vault).</summary>
    [MinLength(16, ErrorMessage = "Operator:Key must be at least 16 characters long.")]
    public string? Key { get; set; }

    /// <summary>How many days the page covers unless asked for another period.</summary>
    [Range(1, 365)]
    public int Days { get; set; } = 14;
}

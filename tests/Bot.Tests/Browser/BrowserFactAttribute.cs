namespace Bot.Tests.Browser;

/// <summary>
/// A test that drives Debian's chromium. Where chromium is missing it is skipped with the reason, except in CI
/// (the CI variable set), where .ci/run installs chromium and a missing one must fail loudly.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(ChromiumPath) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            Skip = $"chromium was not found at {ChromiumPath}. the test build installs it when run as root (apt-get install chromium), or set CHROMIUM_PATH.";
    }
}

using Microsoft.Extensions.Time.Testing;

namespace Bot.Tests.Support;

/// <summary>Values a test needs but does not care about.</summary>
public static class Some
{
    /// <summary>A clock the test moves by hand, with timers that follow it, set to a fixed morning.</summary>
    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero));
}

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Extensions;

/// <summary>
/// Whether the bot can answer yet. While the server makes its index and model ready in the background (the
/// first start builds the index, which takes tens of seconds), a question gets an immediate reply asking
/// again in a few seconds, and <c>/healthz</c> says it is getting ready; nothing waits. A host that warms up
/// in line (the command line, a test's pipeline) is never in between.
/// </summary>
public sealed class Readiness : IHealthCheck
{
    /// <summary>What the bot says to a question that arrives while it gets ready.</summary>
    public const string GettingReady = "I'm getting ready: I'm reading my sources and building my index. Please ask again in a few seconds.";

    readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int _warming;

    /// <summary>A background warm-up has begun and not finished.</summary>
    public bool IsGettingReady => Volatile.Read(ref _warming) == 1 && !_ready.Task.IsCompleted;

    /// <summary>Completes when the background warm-up has finished (at once for a host that never began one).</summary>
    public Task WhenReady => Volatile.Read(ref _warming) == 1 ? _ready.Task : Task.CompletedTask;

    public void Begin() => Volatile.Write(ref _warming, 1);

    public void Ready() => _ready.TrySetResult();

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(IsGettingReady
            ? HealthCheckResult.Unhealthy("getting ready: reading the sources and opening (or building) the index")
            : HealthCheckResult.Healthy());
}

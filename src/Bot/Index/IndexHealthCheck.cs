using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Index;

/// <summary>
/// For <c>/healthz</c>: unhealthy while the index's last search failed (until one succeeds again), so a
/// load balancer or an operator sees a broken index rather than a bot that finds nothing. While the index is
/// still being opened or built there is no search to have failed, and the check does not wait for it.
/// </summary>
public sealed class IndexHealthCheck(Lazy<IPassageIndex> index, Extensions.Readiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!readiness.IsGettingReady && index.Value.LastFailure is { } failure
            ? HealthCheckResult.Unhealthy($"The passage index failed its last search: {failure}")
            : HealthCheckResult.Healthy());
}

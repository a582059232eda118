using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Index;

/// <summary>
/// For <c>/healthz</c>: unhealthy while the index's last search failed (until one succeeds again), so a
/// load balancer or an operator sees a broken index rather than a bot that finds nothing.
/// </summary>
public sealed class IndexHealthCheck(IPassageIndex index) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(index.LastFailure is { } failure
            ? HealthCheckResult.Unhealthy($"The passage index failed its last search: {failure}")
            : HealthCheckResult.Healthy());
}

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StranglerProxy.Store;

/// <summary>Not ready while this replica's lease in the shared store may have lapsed (it takes no writes then): a load balancer sends its traffic elsewhere.</summary>
internal sealed class StoreLeaseHealthCheck(StoreLeaseClock lease) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lease.Lapsed ? HealthCheckResult.Unhealthy(StoreLeaseClock.LapsedReason) : HealthCheckResult.Healthy("The replica's lease in the plan store is live."));
}

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StranglerProxy.Plan;

/// <summary>Ready with a plan in force; degraded (still serving) while the newest edit of the file is rejected.</summary>
internal sealed class PlanHealthCheck(PlanStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var current = store.Current;
        return Task.FromResult(store.LastRejection is { } rejection
            ? HealthCheckResult.Degraded($"Plan version {current.Version} serves; the file's newest edit was rejected: {rejection.Errors[0]}")
            : HealthCheckResult.Healthy($"Plan version {current.Version} from {current.File}"));
    }
}

using Contracts.DataSync;
using Plan;
using DataSync.Hosting;
using DataSync.Reconcile;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace DataSync.Jobs;

/// <summary>Compares (and on request repairs) a module's tables: the follower against the data owner the plan names.</summary>
public sealed class ReconcileJob(IServiceProvider services, Reconciler reconciler, PlanStage plan)
{
    public const string RecurringId = "datasync-reconcile";

    [DisableConcurrentExecution(timeoutInSeconds: 10)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<ReconcileReport> RunAsync(string module, bool repair, CancellationToken cancellationToken)
    {
        var sync = services.GetServices<ModuleSync>().SingleOrDefault(m => m.Name == module)
            ?? throw new InvalidOperationException($"No module '{module}' is registered for DataSync.");
        await using var legacy = sync.OpenLegacy(services);
        await using var service = sync.OpenService(services);
        return DataOwnership.DirectionAt(plan.Of(module)) == SyncDirection.ServiceToLegacy
            ? await reconciler.RunAsync(service, legacy, module, "service", repair, cancellationToken)
            : await reconciler.RunAsync(legacy, service, module, "legacy", repair, cancellationToken);
    }
}

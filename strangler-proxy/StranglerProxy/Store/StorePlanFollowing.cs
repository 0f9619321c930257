using Microsoft.Extensions.Options;
using Plan.Store;
using Plan.Store.PostgreSql;
using StranglerProxy.Plan;

namespace StranglerProxy.Store;

/// <summary>Puts every version of the store's plan in force as soon as the store announces it (or the slow poll finds it).</summary>
internal sealed class StorePlanFollowing(PlanStore store, PostgresPlanStore shared, IOptions<StoreOptions> options, ILogger<StorePlanFollowing> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new PlanFollower(shared, options.Value.PollInterval, logger).RunAsync((plan, _) =>
        {
            store.Offer(plan);
            return Task.CompletedTask;
        }, stoppingToken);
}

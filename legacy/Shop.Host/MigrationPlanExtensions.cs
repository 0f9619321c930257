using DataSync.Hosting;
using Shop.BuildingBlocks.Modules;
using Shop.Host;

namespace Microsoft.Extensions.DependencyInjection;

internal static class MigrationPlanExtensions
{
    /// <summary>
    /// The monolith's part in the migration plan ("Migration:PlanPath"): the catalog's changes are logged
    /// for DataSync to carry to catalog-service, and a module is asked over HTTP once the plan extracts it.
    /// </summary>
    public static IHostApplicationBuilder FollowMigrationPlan(this IHostApplicationBuilder builder)
    {
        builder.CaptureChanges("catalog");
        builder.Services.AddSingleton<PlanStage>();
        builder.Services.AddSingleton<IModuleStages, PlanModuleStages>();
        return builder;
    }
}

using DataSync.Hosting;
using Plan;
using Shop.BuildingBlocks.Events;
using Shop.BuildingBlocks.Modules;
using Shop.Host;

namespace Microsoft.Extensions.DependencyInjection;

internal static class MigrationPlanExtensions
{
    /// <summary>
    /// The monolith's part in the migration plan ("Migration:PlanPath"): the changes of every module whose
    /// service this host can reach (configured under Services:) are logged for DataSync to carry over, and
    /// a module is asked over HTTP, at the service the plan names, once the plan extracts it. A module needs no code here to take part.
    /// The file names the modules and services; with the shared plan store (Migration:Store:Provider PostgreSql) stages come from the store.
    /// </summary>
    public static IHostApplicationBuilder FollowMigrationPlan(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration["Migration:PlanPath"] is { Length: > 0 } planPath)
        {
            var plan = PlanFile.Load(Path.GetFullPath(planPath, builder.Environment.ContentRootPath));
            foreach (var module in plan.Modules.Values.Where(m => m.Service.Length > 0))
            {
                builder.Services.AddSingleton(new ModuleServiceAddress(module.Name, module.Service));
            }

            foreach (var module in plan.Modules.Values.Where(m => builder.Configuration.GetSection($"Services:{m.Service}").Exists()))
            {
                builder.CaptureChanges(module.Name);
            }
        }

        PlanStage.AddTo(builder.Services, builder.Configuration);
        builder.Services.AddSingleton<IModuleStages, PlanModuleStages>();
        return builder;
    }
}

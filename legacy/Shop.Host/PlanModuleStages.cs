using DataSync.Hosting;
using Plan;
using Shop.BuildingBlocks.Modules;

namespace Shop.Host;

/// <summary>The plan decides whether a module is asked in process or over HTTP (from 'extracted' on).</summary>
internal sealed class PlanModuleStages(PlanStage plan) : IModuleStages
{
    public bool IsServedByItsService(string module) => plan.Of(module) >= Stage.Extracted;
}

using DataSync.Hosting;
using Plan;
using Shop.BuildingBlocks.Modules;

namespace Shop.Host;

/// <summary>
/// The plan decides how a module is reached: in process while the monolith owns it; through the front
/// door at canary, when the proxy is configured (so the owner flip fences the monolith's own writes too);
/// over HTTP to its service from 'extracted' on.
/// </summary>
internal sealed class PlanModuleStages(PlanStage plan, IConfiguration configuration) : IModuleStages
{
    private readonly bool _frontDoor = configuration.GetSection($"Services:{ModuleFacadeExtensions.FrontDoor}").Exists();

    public FacadeRoute RouteOf(string module) => plan.Of(module) switch
    {
        >= Stage.Extracted => FacadeRoute.Service,
        Stage.Canary when _frontDoor => FacadeRoute.FrontDoor,
        _ => FacadeRoute.InProcess,
    };
}

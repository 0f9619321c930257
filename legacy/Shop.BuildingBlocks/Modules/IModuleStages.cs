namespace Shop.BuildingBlocks.Modules;

/// <summary>
/// How other modules reach a module's facade, by where the plan says the module is. Without a plan,
/// every module is reached in process.
/// </summary>
public interface IModuleStages
{
    FacadeRoute RouteOf(string module);
}

public enum FacadeRoute
{
    /// <summary>In process: the monolith serves the module and owns its data.</summary>
    InProcess,

    /// <summary>
    /// Over HTTP through the front door (the strangler proxy), which routes each call to the data owner
    /// and holds writes while the owner changes: the monolith's own calls are fenced like everyone's.
    /// </summary>
    FrontDoor,

    /// <summary>Over HTTP to the module's service, which owns the data.</summary>
    Service,
}

internal sealed class InProcessModuleStages : IModuleStages
{
    public FacadeRoute RouteOf(string module) => FacadeRoute.InProcess;
}

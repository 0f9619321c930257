namespace Shop.BuildingBlocks.Modules;

/// <summary>
/// Where the plan says a module is served: a module whose service owns it (stage 'extracted' or later)
/// is asked over HTTP, not in process. Without a plan, every module is served in process.
/// </summary>
public interface IModuleStages
{
    bool IsServedByItsService(string module);
}

internal sealed class InProcessModuleStages : IModuleStages
{
    public bool IsServedByItsService(string module) => false;
}

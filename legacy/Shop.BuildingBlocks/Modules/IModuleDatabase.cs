namespace Shop.BuildingBlocks.Modules;

/// <summary>A module's database, as the host sees it at start-up.</summary>
internal interface IModuleDatabase
{
    Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken);
}

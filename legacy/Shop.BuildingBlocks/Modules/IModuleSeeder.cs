using Shop.BuildingBlocks.Persistence;

namespace Shop.BuildingBlocks.Modules;

/// <summary>
/// Writes a module's deterministic sample data on first run. Seeders run in module registration
/// order, after the module's tables exist, and must do nothing when their data is already there.
/// </summary>
public interface IModuleSeeder<in TContext> where TContext : ModuleDbContext
{
    Task SeedAsync(TContext db, CancellationToken cancellationToken);
}

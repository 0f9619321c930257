using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Shop.BuildingBlocks.Persistence;

namespace Shop.Modules.Inventory.Persistence;

/// <summary>Used by `dotnet ef migrations add`: migrations are generated for SQL Server, the production provider.</summary>
internal sealed class InventoryDesignTimeFactory : IDesignTimeDbContextFactory<InventoryDbContext>
{
    public InventoryDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<InventoryDbContext>()
        .UseModuleDatabase(DesignTimeDatabase.SqlServer, InventoryDbContext.SchemaName).Options);
}

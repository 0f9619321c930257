using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Shop.BuildingBlocks.Persistence;

namespace Shop.Modules.Catalog.Persistence;

/// <summary>Used by `dotnet ef migrations add`: migrations are generated for SQL Server, the production provider.</summary>
internal sealed class CatalogDesignTimeFactory : IDesignTimeDbContextFactory<CatalogDbContext>
{
    public CatalogDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<CatalogDbContext>()
        .UseModuleDatabase(DesignTimeDatabase.SqlServer, CatalogDbContext.SchemaName).Options);
}

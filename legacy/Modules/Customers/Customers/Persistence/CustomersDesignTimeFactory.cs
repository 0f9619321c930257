using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Shop.BuildingBlocks.Persistence;

namespace Shop.Modules.Customers.Persistence;

/// <summary>Used by `dotnet ef migrations add`: migrations are generated for SQL Server, the production provider.</summary>
internal sealed class CustomersDesignTimeFactory : IDesignTimeDbContextFactory<CustomersDbContext>
{
    public CustomersDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<CustomersDbContext>()
        .UseModuleDatabase(DesignTimeDatabase.SqlServer, CustomersDbContext.SchemaName).Options);
}

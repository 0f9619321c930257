using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Shop.BuildingBlocks.Persistence;

namespace Shop.Modules.Ordering.Persistence;

/// <summary>Used by `dotnet ef migrations add`: migrations are generated for SQL Server, the production provider.</summary>
internal sealed class OrderingDesignTimeFactory : IDesignTimeDbContextFactory<OrderingDbContext>
{
    public OrderingDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<OrderingDbContext>()
        .UseModuleDatabase(DesignTimeDatabase.SqlServer, OrderingDbContext.SchemaName).Options);
}

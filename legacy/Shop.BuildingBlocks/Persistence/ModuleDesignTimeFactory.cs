using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Shop.BuildingBlocks.Persistence;

/// <summary>
/// Base of each module's design-time factory, which `dotnet ef migrations add` finds in the module's
/// assembly: migrations are generated for SQL Server (or, with `-- --provider PostgreSql`, for PostgreSQL),
/// with the history table in the module's schema.
/// </summary>
public abstract class ModuleDesignTimeFactory<TContext>(string schema, Func<DbContextOptions<TContext>, TContext> create)
    : IDesignTimeDbContextFactory<TContext>
    where TContext : ModuleDbContext
{
    public TContext CreateDbContext(string[] args) =>
        create(new DbContextOptionsBuilder<TContext>().UseModuleDatabase(DesignTimeDatabase.From(args), schema).Options);
}

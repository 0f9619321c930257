using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Shop.BuildingBlocks.Persistence;

/// <summary>
/// The database design-time tools (migrations, script generation) target: SQL Server, the production
/// provider. They never connect; the server name only has to parse.
/// </summary>
public static class DesignTimeDatabase
{
    public static readonly ModuleDatabaseOptions SqlServer = new()
    {
        Provider = DatabaseProvider.SqlServer,
        ConnectionString = "Server=(design-time);Database=Shop;Integrated Security=true;TrustServerCertificate=true",
    };
}

/// <summary>
/// Base of each module's design-time factory, which `dotnet ef migrations add` finds in the module's
/// assembly: migrations are generated for SQL Server, with the history table in the module's schema.
/// </summary>
public abstract class SqlServerDesignTimeFactory<TContext>(string schema, Func<DbContextOptions<TContext>, TContext> create)
    : IDesignTimeDbContextFactory<TContext>
    where TContext : ModuleDbContext
{
    public TContext CreateDbContext(string[] args) =>
        create(new DbContextOptionsBuilder<TContext>().UseModuleDatabase(DesignTimeDatabase.SqlServer, schema).Options);
}

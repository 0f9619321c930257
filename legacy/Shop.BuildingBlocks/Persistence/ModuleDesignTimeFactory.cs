using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

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
        create(new DbContextOptionsBuilder<TContext>().UseModuleDatabase(DesignTimeDatabase.From(args), schema)
            // Tools may load this assembly afresh for every read (the coupling analysis does, in a collectible load context);
            // to EF Core each load's ProviderMigrationsAssembly is a new type, so a new internal service provider is expected.
            .ConfigureWarnings(warnings => warnings.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning)).Options);
}

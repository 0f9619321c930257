using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Shop.BuildingBlocks.Persistence;

public static class ModuleDbContextOptionsExtensions
{
    /// <summary>
    /// Points a module's DbContext at the shared database. Each module keeps its own migrations
    /// history table inside its schema, so modules migrate independently, and one set of migrations per
    /// provider that has them (<see cref="ProviderMigrationsAssembly"/>).
    /// </summary>
    public static DbContextOptionsBuilder UseModuleDatabase(
        this DbContextOptionsBuilder options, ModuleDatabaseOptions database, string schema)
    {
        const string history = "__EFMigrationsHistory";
        return database.Provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(database.ConnectionString),
            DatabaseProvider.PostgreSql => options.UseNpgsql(
                    database.ConnectionString, npgsql => npgsql.MigrationsHistoryTable(history, schema))
                .ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>(),
            DatabaseProvider.SqlServer => options.UseSqlServer(
                    database.ConnectionString, sql => sql.MigrationsHistoryTable(history, schema).EnableRetryOnFailure())
                .ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>(),
            _ => throw new ArgumentOutOfRangeException(nameof(database), database.Provider, "Unknown database provider."),
        };
    }

    /// <inheritdoc cref="UseModuleDatabase(DbContextOptionsBuilder, ModuleDatabaseOptions, string)"/>
    public static DbContextOptionsBuilder<TContext> UseModuleDatabase<TContext>(
        this DbContextOptionsBuilder<TContext> options, ModuleDatabaseOptions database, string schema)
        where TContext : DbContext =>
        (DbContextOptionsBuilder<TContext>)((DbContextOptionsBuilder)options).UseModuleDatabase(database, schema);
}

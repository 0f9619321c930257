using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shop.BuildingBlocks.Events;
using Shop.BuildingBlocks.Persistence;

namespace Shop.BuildingBlocks.Modules;

/// <summary>
/// Brings one module's schema up to date and seeds it. SQL Server and PostgreSQL run the module's
/// checked-in migrations for their provider; SQLite (the embedded default) gets the tables created from
/// the model when the module's tables are missing (see docs/adr/0003-schema-creation-per-provider.md).
/// </summary>
internal sealed partial class ModuleDatabase<TContext>(string schema) : IModuleDatabase
    where TContext : ModuleDbContext
{
    public async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILogger<ModuleDatabase<TContext>>>();
        var options = scope.ServiceProvider.GetRequiredService<ModuleDatabaseOptions>();

        if (options.Provider == DatabaseProvider.PostgreSql && await TablesExistAsync(db, options.Provider, cancellationToken)
            && !(await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any())
        {
            await BaselineAsync(db, logger, cancellationToken);
        }

        if (options.Provider is DatabaseProvider.SqlServer or DatabaseProvider.PostgreSql)
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        else if (!await TablesExistAsync(db, options.Provider, cancellationToken))
        {
            var creator = db.GetService<IRelationalDatabaseCreator>();
            if (!await creator.ExistsAsync(cancellationToken))
            {
                await creator.CreateAsync(cancellationToken);
            }

            // Readers no longer block the writer: API traffic and outbox dispatch share the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

            await creator.CreateTablesAsync(cancellationToken);
            LogCreated(logger, schema, options.Provider);
        }

        foreach (var seeder in scope.ServiceProvider.GetServices<IModuleSeeder<TContext>>())
        {
            await seeder.SeedAsync(db, cancellationToken);
        }
    }

    /// <summary>
    /// A PostgreSQL schema created from the model by a version without PostgreSQL migrations holds what the first
    /// migration creates: that migration is recorded as applied (once, whichever process gets there first), the later ones run.
    /// </summary>
    private async Task BaselineAsync(TContext db, ILogger logger, CancellationToken cancellationToken)
    {
        var first = db.Database.GetMigrations().First();
        var history = db.GetService<IHistoryRepository>();
        var table = $"\"{schema}\".\"{HistoryRepository.DefaultTableName}\"";
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"baseline:" + schema}))", cancellationToken);
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), cancellationToken);
        // The schema's name is the module's own constant, not input.
        var insert = $"INSERT INTO {table} (\"MigrationId\", \"ProductVersion\") SELECT {{0}}, {{1}} WHERE NOT EXISTS (SELECT 1 FROM {table})";
        await db.Database.ExecuteSqlRawAsync(insert, [first, ProductInfo.GetVersion()], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogBaselined(logger, schema, first);
    }

    /// <summary>Whether this module's tables exist, judged by its outbox table (every module has one).</summary>
    private static async Task<bool> TablesExistAsync(TContext db, DatabaseProvider provider, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            return false;
        }

        var outbox = db.Model.FindEntityType(typeof(OutboxMessage))!;
        var table = outbox.GetTableName()!;
        var query = provider switch
        {
            DatabaseProvider.Sqlite => db.Database.SqlQuery<int>(
                $"SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = {table}"),
            _ => db.Database.SqlQuery<int>(
                $"SELECT COUNT(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = {outbox.GetSchema()} AND table_name = {table}"),
        };
        return await query.SingleAsync(cancellationToken) > 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Module schema '{Schema}' was created from the model before it had PostgreSQL migrations; recorded {Migration} as applied")]
    private static partial void LogBaselined(ILogger logger, string schema, string migration);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the tables of module schema '{Schema}' on {Provider}")]
    private static partial void LogCreated(ILogger logger, string schema, DatabaseProvider provider);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Shop.BuildingBlocks.Modules;
using Shop.BuildingBlocks.Persistence;
using Shop.Modules.Catalog.Persistence;
using Testing.Support;

namespace Shop.Host.Tests.Persistence;

/// <summary>
/// PostgreSQL runs each module's checked-in PostgreSQL migrations: they match the model, and applied to a real
/// PostgreSQL they build exactly the schema the model describes (compared column by column, constraint by
/// constraint, index by index with a schema created from the model). A database created from the model by an
/// earlier version is taken over without losing a row.
/// </summary>
public sealed class PostgreSqlMigrationsTests
{
    public static TheoryData<string> Schemas => ModuleContexts.Schemas;

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Migrations_PostgreSqlModel_HaveNoPendingChanges(string schema)
    {
        using var db = ModuleContexts.DesignTime(schema, "--provider", "PostgreSql");

        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {schema} model changed without a PostgreSQL migration: run `dotnet ef migrations add` for it (see docs/database.md).");
        Assert.Equal(ModuleContexts.DesignTime(schema).Database.GetMigrations().Count(), db.Database.GetMigrations().Count());
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public Task Migrations_AppliedToPostgreSql_BuildTheModelsSchema(string schema) => PostgreSqlMigrations.AssertBuildTheModelsSchemaAsync(
        connectionString => ModuleContexts.On(schema, PostgreSql(connectionString)), schema, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Start_OnSchemaCreatedFromTheModelBefore_RecordsTheFirstMigrationAndKeepsTheRows()
    {
        var server = await PostgresServer.GetAsync();
        Assert.SkipWhen(server.UnavailableReason is not null, server.UnavailableReason ?? "");
        var connectionString = await server.CreateDatabaseAsync();
        try
        {
            var database = PostgreSql(connectionString);
            await using (var db = ModuleContexts.On(CatalogDbContext.SchemaName, database))
            {
                await db.GetService<IRelationalDatabaseCreator>().CreateTablesAsync(TestContext.Current.CancellationToken);
                await db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO catalog.categories (\"Id\", \"Name\") VALUES ('0b7f6a51-5c1e-4f64-9b3f-3f4e2b8e2c10', 'kept')", TestContext.Current.CancellationToken);
            }

            await using var services = new ServiceCollection().AddLogging().AddSingleton(database)
                .AddDbContext<CatalogDbContext>(options => options.UseModuleDatabase(database, CatalogDbContext.SchemaName)).BuildServiceProvider();
            var start = new ModuleDatabase<CatalogDbContext>(CatalogDbContext.SchemaName);
            await start.InitializeAsync(services, TestContext.Current.CancellationToken);
            await start.InitializeAsync(services, TestContext.Current.CancellationToken); // A second start (or replica) changes nothing more.

            await using var after = ModuleContexts.On(CatalogDbContext.SchemaName, database);
            Assert.Equal(after.Database.GetMigrations(), await after.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
            Assert.Equal(["kept"], await after.Database.SqlQueryRaw<string>("SELECT \"Name\" AS \"Value\" FROM catalog.categories").ToListAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    private static ModuleDatabaseOptions PostgreSql(string connectionString) =>
        new() { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString };
}

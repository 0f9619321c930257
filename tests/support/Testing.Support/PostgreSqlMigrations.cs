using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Xunit;

namespace Testing.Support;

/// <summary>
/// A context's PostgreSQL migrations against its model, on the real server: the migrations are applied to one
/// fresh database and the model's tables are created in another, and the two schemas must be the same
/// (<see cref="PostgreSqlSchema"/>).
/// </summary>
public static class PostgreSqlMigrations
{
    /// <param name="on">The context on a connection string, configured as the application configures it.</param>
    public static async Task AssertBuildTheModelsSchemaAsync(Func<string, DbContext> on, string schema, CancellationToken cancellationToken)
    {
        var server = await PostgresServer.GetAsync();
        Assert.SkipWhen(server.UnavailableReason is not null, server.UnavailableReason ?? "");
        var migrated = await server.CreateDatabaseAsync();
        var created = await server.CreateDatabaseAsync();
        try
        {
            await using (var db = on(migrated))
            {
                await db.Database.MigrateAsync(cancellationToken);
                Assert.NotEmpty(db.Database.GetMigrations());
                Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(cancellationToken));
            }

            await using (var db = on(created))
            {
                await db.GetService<IRelationalDatabaseCreator>().CreateTablesAsync(cancellationToken);
            }

            var fromModel = await PostgreSqlSchema.DescribeAsync(created, schema);
            Assert.Contains(fromModel, line => line.Contains(": column ", StringComparison.Ordinal));
            Assert.Equal(fromModel, await PostgreSqlSchema.DescribeAsync(migrated, schema, HistoryRepository.DefaultTableName));
        }
        finally
        {
            await server.DropDatabaseAsync(migrated);
            await server.DropDatabaseAsync(created);
        }
    }
}

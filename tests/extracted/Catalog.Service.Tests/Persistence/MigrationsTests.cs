using Microsoft.EntityFrameworkCore;
using Catalog.Service.Persistence;
using Shop.BuildingBlocks.Persistence;

namespace Catalog.Service.Tests.Persistence;

/// <summary>
/// The service's migrations, one set per provider that has them: each matches the model (no SQL Server runs
/// here, so that is what is checked for it), and the PostgreSQL set, applied to a real PostgreSQL, builds the
/// schema the model describes.
/// </summary>
public sealed class MigrationsTests
{
    [Theory]
    [InlineData("SqlServer")]
    [InlineData("PostgreSql")]
    public void Migrations_OfEachProvider_MatchTheModel(string provider)
    {
        using var db = new CatalogDesignTimeFactory().CreateDbContext(["--provider", provider]);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"The model changed without a {provider} migration: run `dotnet ef migrations add` for it (see docs/database.md).");
    }

    [Fact]
    public Task Migrations_AppliedToPostgreSql_BuildTheModelsSchema() => PostgreSqlMigrations.AssertBuildTheModelsSchemaAsync(
        connectionString => new CatalogDbContext(new DbContextOptionsBuilder<CatalogDbContext>().UseModuleDatabase(
            new ModuleDatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString }, CatalogDbContext.SchemaName).Options),
        CatalogDbContext.SchemaName, TestContext.Current.CancellationToken);
}

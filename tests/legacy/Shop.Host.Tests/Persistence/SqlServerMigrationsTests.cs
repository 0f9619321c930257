using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Shop.BuildingBlocks.Persistence;
using Shop.Modules.Catalog.Persistence;
using Shop.Modules.Customers.Persistence;
using Shop.Modules.Inventory.Persistence;
using Shop.Modules.Ordering.Persistence;
using Snapshooter;
using Snapshooter.Xunit3;

namespace Shop.Host.Tests.Persistence;

/// <summary>
/// SQL Server is the production provider but no server runs here. What can be checked without one:
/// the checked-in migrations match the model, and the idempotent deployment script they produce is
/// exactly the reviewed one (a changed script fails until its snapshot is reviewed and updated).
/// </summary>
public sealed class SqlServerMigrationsTests
{
    public static TheoryData<string> Schemas => ModuleContexts.Schemas;

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Migrations_SqlServerModel_HaveNoPendingChanges(string schema)
    {
        using var db = CreateDesignTimeContext(schema);

        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {schema} model changed without a migration: run `dotnet ef migrations add` (see docs/database.md).");
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Migrations_IdempotentScript_MatchesReviewedSnapshot(string schema)
    {
        using var db = CreateDesignTimeContext(schema);

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains($"[{schema}].[__EFMigrationsHistory]", script, StringComparison.Ordinal);
        Snapshot.Match(script.ReplaceLineEndings("\n").Split('\n'), SnapshotNameExtension.Create(schema));
    }

    [Fact]
    public void Migrations_OrderingScript_DoesNotCreateTheCustomersTableItReads()
    {
        using var db = CreateDesignTimeContext(OrderingDbContext.SchemaName);

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.DoesNotContain("[customers]", script, StringComparison.Ordinal);
    }

    private static ModuleDbContext CreateDesignTimeContext(string schema) => ModuleContexts.DesignTime(schema);
}

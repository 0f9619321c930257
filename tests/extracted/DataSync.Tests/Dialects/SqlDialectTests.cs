using DataSync.Dialects;
using DataSync.Schema;
using DataSync.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace DataSync.Tests.Dialects;

/// <summary>The SQL text of each dialect; SQL Server's is only checked here, as no server runs on these machines.</summary>
public sealed class SqlDialectTests
{
    // The ledger's entries as SQL Server maps them: building the model never connects.
    private static readonly SyncTable Entries = SyncSchema.Read(new LedgerDbContext(
        new DbContextOptionsBuilder<LedgerDbContext>().UseSqlServer("Server=model-only;Database=ledger").Options)).Single(t => t.Entity == "Entry");

    [Fact]
    public void SqlServer_NextPage_UsesTopAndSpellsOutTheCompositeKeyComparison()
    {
        var sql = new SqlServerDialect().NextPage(Entries, fromStart: false, pageSize: 500);

        Assert.Equal(
            "SELECT TOP (500) [AccountId], [Sequence], [Amount] FROM [ledger].[entries] WHERE ([AccountId] > @k0) OR ([AccountId] = @k0 AND [Sequence] > @k1) ORDER BY [AccountId], [Sequence]",
            sql);
    }

    [Fact]
    public void SqlServer_Upsert_IsOneMergeOverAValuesList()
    {
        var sql = new SqlServerDialect().Upsert(Entries, rows: 2);

        Assert.Equal(
            "MERGE [ledger].[entries] WITH (HOLDLOCK) AS t USING (VALUES (@p0_0, @p0_1, @p0_2), (@p1_0, @p1_1, @p1_2)) AS s ([AccountId], [Sequence], [Amount]) " +
            "ON t.[AccountId] = s.[AccountId] AND t.[Sequence] = s.[Sequence] WHEN MATCHED THEN UPDATE SET t.[Amount] = s.[Amount] " +
            "WHEN NOT MATCHED THEN INSERT ([AccountId], [Sequence], [Amount]) VALUES (s.[AccountId], s.[Sequence], s.[Amount]);",
            sql);
    }

    [Fact]
    public void SqlServer_ReadChanges_SkipsEntriesStillBeingWrittenInsteadOfWaitingForThem()
    {
        var sql = new SqlServerDialect().ReadChanges(100);

        Assert.Equal(
            "SELECT TOP (100) seq, entity, row_key, deleted, recorded_at FROM [datasync_changes] WITH (READPAST) WHERE sync_name = @name ORDER BY seq",
            sql);
    }

    [Fact]
    public void PruneChanges_DeletesTheAppliedEntriesByNumber_NeverARangeThatCouldTakeALateOne()
    {
        Assert.Equal("DELETE FROM \"datasync_changes\" WHERE sync_name = @name AND seq IN (3, 7, 8)", new PostgreSqlDialect().PruneChanges([3, 7, 8]));
        Assert.Equal("DELETE FROM [datasync_changes] WHERE sync_name = @name AND seq IN (12)", new SqlServerDialect().PruneChanges([12]));
    }

    [Fact]
    public void PostgreSql_Upsert_UpdatesEveryColumnButTheKeys()
    {
        var sql = new PostgreSqlDialect().Upsert(Entries, rows: 1);

        Assert.Equal(
            "INSERT INTO \"ledger\".\"entries\" (\"AccountId\", \"Sequence\", \"Amount\") VALUES (@p0_0, @p0_1, @p0_2) " +
            "ON CONFLICT (\"AccountId\", \"Sequence\") DO UPDATE SET \"Amount\" = excluded.\"Amount\"",
            sql);
    }

    [Fact]
    public void Sqlite_Table_DropsTheSchema()
    {
        Assert.Equal("\"entries\"", new SqliteDialect().Table(Entries));
    }
}

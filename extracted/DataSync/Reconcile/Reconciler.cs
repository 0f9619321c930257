using Contracts.DataSync;
using System.Data.Common;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using DataSync.Dialects;
using DataSync.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DataSync.Reconcile;

/// <summary>
/// Compares a module's tables between the data owner and the follower. The owner is read in key ranges
/// (pages in its key order); for each range the follower's rows with the same keys are fetched and both
/// sets are checksummed; only ranges whose checksums differ are compared row by row. A second pass over
/// the follower finds rows the owner does not have. Rows are compared as the model's values, so a SQLite
/// side and a PostgreSQL side compare equal when they hold the same data. With repair, missing and
/// different rows are copied from the owner and extra rows deleted, as the owner holds them at the repair.
/// </summary>
public sealed partial class Reconciler(ILogger<Reconciler> logger)
{
    private const int RangeSize = 500;

    public async Task<ReconcileReport> RunAsync(DbContext owner, DbContext follower, string module, string ownerName, bool repair,
        CancellationToken cancellationToken)
    {
        var ownerTables = SyncSchema.Read(owner);
        var followerTables = SyncSchema.Read(follower).ToDictionary(t => t.Entity);
        var sides = (Owner: await Side.OpenAsync(owner, cancellationToken), Follower: await Side.OpenAsync(follower, cancellationToken));
        var compared = new List<(TableReconcile Result, SyncTable Table, List<object?[]> Copy, List<object?[]> Delete)>();
        foreach (var table in ownerTables)
        {
            compared.Add(await ReconcileTableAsync(sides.Owner, sides.Follower, table, followerTables[table.Entity], cancellationToken));
        }

        if (repair)
        {
            // Extra rows go children first and missing rows come parents first, so foreign keys never stand in the way.
            var tables = ownerTables.Zip(compared, (ownerTable, c) => (OwnerTable: ownerTable, FollowerTable: c.Table, c.Copy, c.Delete)).ToList();
            foreach (var (ownerTable, followerTable, _, delete) in Enumerable.Reverse(tables))
            {
                await sides.Follower.RepairAsync(sides.Owner, ownerTable, followerTable, delete, module, cancellationToken);
            }

            foreach (var (ownerTable, followerTable, copy, _) in tables)
            {
                await sides.Follower.RepairAsync(sides.Owner, ownerTable, followerTable, copy, module, cancellationToken);
            }
        }

        var results = compared.Select(c => c.Result).ToList();
        var report = new ReconcileReport(module, ownerName, repair, results);
        LogReport(logger, module, ownerName, report.InSync, results.Sum(r => r.Missing.Count), results.Sum(r => r.Extra.Count), results.Sum(r => r.Different.Count), repair);
        return report;
    }

    private static async Task<(TableReconcile, SyncTable, List<object?[]>, List<object?[]>)> ReconcileTableAsync(
        Side owner, Side follower, SyncTable ownerTable, SyncTable followerTable, CancellationToken cancellationToken)
    {
        List<string> missing = [], extra = [], different = [];
        List<object?[]> toCopy = [];
        List<object?[]> toDelete = [];
        long ownerRows = 0, followerRows = 0;
        int ranges = 0, differing = 0;

        // Pass 1: the owner's key ranges, each compared with the follower's rows of the same keys.
        object?[]? after = null;
        while (await owner.PageAsync(ownerTable, after, RangeSize, cancellationToken) is { Count: > 0 } page)
        {
            ranges++;
            ownerRows += page.Count;
            after = page[^1][..ownerTable.Keys.Count];
            var theirs = await follower.ByKeysAsync(followerTable, page, cancellationToken);
            if (Checksum(page) == Checksum([.. page.Select(row => theirs.GetValueOrDefault(KeyJson(row, ownerTable)))]))
            {
                continue;
            }

            differing++;
            foreach (var row in page)
            {
                var key = KeyJson(row, ownerTable);
                if (!theirs.TryGetValue(key, out var their))
                {
                    missing.Add(key);
                    toCopy.Add(row);
                }
                else if (Canonical(row) != Canonical(their))
                {
                    different.Add(key);
                    toCopy.Add(row);
                }
            }
        }

        // Pass 2: the follower's rows the owner does not have.
        after = null;
        while (await follower.PageAsync(followerTable, after, RangeSize, cancellationToken) is { Count: > 0 } page)
        {
            followerRows += page.Count;
            after = page[^1][..followerTable.Keys.Count];
            var ours = await owner.ByKeysAsync(ownerTable, page, cancellationToken);
            foreach (var row in page.Where(row => !ours.ContainsKey(KeyJson(row, followerTable))))
            {
                extra.Add(KeyJson(row, followerTable));
                toDelete.Add(row);
            }
        }

        return (new TableReconcile(ownerTable.DisplayName, ownerRows, followerRows, ranges, differing, missing, extra, different),
            followerTable, toCopy, toDelete);
    }

    private static string KeyJson(object?[] row, SyncTable table) => TableRows.KeyJson(row, table);

    /// <summary>A row as text that is the same for the same values on any provider.</summary>
    private static string Canonical(object?[]? row) => row is null ? "\u0000" : JsonSerializer.Serialize(row.Select(Normalize));

    private static object? Normalize(object? value) => value switch
    {
        DateTime time => DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("O"),
        decimal number => number.ToString("0.############################", System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };

    private static ulong Checksum(IEnumerable<object?[]?> rows)
    {
        var hash = new XxHash3();
        foreach (var row in rows)
        {
            hash.Append(Encoding.UTF8.GetBytes(Canonical(row)));
        }

        return hash.GetCurrentHashAsUInt64();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconcile {Module} (owner {Owner}): in sync {InSync}; {Missing} missing, {Extra} extra, {Different} different; repaired {Repaired}")]
    private static partial void LogReport(ILogger logger, string module, string owner, bool inSync, int missing, int extra, int different, bool repaired);

    /// <summary>One side's connection and dialect.</summary>
    private sealed class Side(DbConnection connection, SqlDialect dialect)
    {
        public static async Task<Side> OpenAsync(DbContext context, CancellationToken cancellationToken)
        {
            await context.Database.OpenConnectionAsync(cancellationToken);
            return new Side(context.Database.GetDbConnection(), SqlDialect.For(context));
        }

        public Task<List<object?[]>> PageAsync(SyncTable table, object?[]? after, int size, CancellationToken cancellationToken) =>
            TableRows.PageAsync(connection, dialect, table, after, size, cancellationToken);

        public Task<Dictionary<string, object?[]>> ByKeysAsync(SyncTable table, List<object?[]> rows, CancellationToken cancellationToken) =>
            TableRows.ByKeysAsync(connection, dialect, table, rows, cancellationToken);

        /// <summary>
        /// Makes the follower's rows of these keys what the owner holds now, read under the sync's lock: a row
        /// that changed since the comparison is copied as it is now, never as it was.
        /// </summary>
        public async Task RepairAsync(Side owner, SyncTable ownerTable, SyncTable table, List<object?[]> keys, string syncName,
            CancellationToken cancellationToken)
        {
            if (keys.Count == 0)
            {
                return;
            }

            await using var transaction = await dialect.BeginSyncWriteAsync(connection, syncName, cancellationToken);
            foreach (var chunk in keys.Chunk(RangeSize))
            {
                var current = await owner.ByKeysAsync(ownerTable, [.. chunk], cancellationToken);
                await TableRows.DeleteAsync(connection, transaction, dialect, table,
                    chunk.Where(key => !current.ContainsKey(KeyJson(key, table))), cancellationToken);
                if (current.Count > 0)
                {
                    await dialect.UpsertRowsAsync(connection, transaction, table, [.. current.Values], cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }
}

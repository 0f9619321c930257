using System.Data.Common;
using System.Text.Json;
using DataSync.Dialects;

namespace DataSync.Schema;

/// <summary>
/// Reading and deleting a table's rows on one side, as model values (keys first): the one place backfill,
/// change sync and reconcile go through.
/// </summary>
internal static class TableRows
{
    /// <summary>The next <paramref name="size"/> rows after a key (or from the start), in key order.</summary>
    public static async Task<List<object?[]>> PageAsync(DbConnection connection, SqlDialect dialect, SyncTable table, object?[]? after, int size,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = dialect.NextPage(table, after is null, size);
        if (after is not null)
        {
            AddKey(command, table, after, "@k");
        }

        return await ReadAsync(command, table, size, cancellationToken);
    }

    /// <summary>The rows having the keys of <paramref name="keys"/> (rows or bare keys), by <see cref="KeyJson"/>.</summary>
    public static async Task<Dictionary<string, object?[]>> ByKeysAsync(DbConnection connection, SqlDialect dialect, SyncTable table,
        IReadOnlyList<object?[]> keys, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = dialect.RowsByKeys(table, keys.Count);
        for (var r = 0; r < keys.Count; r++)
        {
            AddKey(command, table, keys[r], $"@r{r}k");
        }

        return (await ReadAsync(command, table, keys.Count, cancellationToken)).ToDictionary(row => KeyJson(row, table));
    }

    /// <summary>Deletes the rows with the keys of <paramref name="keys"/> (rows or bare keys) in the transaction.</summary>
    public static async Task DeleteAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, SyncTable table,
        IEnumerable<object?[]> keys, CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = dialect.DeleteByKey(table);
            AddKey(command, table, key, "@k");
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>A row's key as JSON, the form keys take in the change log and in reports.</summary>
    public static string KeyJson(object?[] row, SyncTable table) => JsonSerializer.Serialize(row[..table.Keys.Count]);

    /// <summary>Key parameters <paramref name="prefix"/>0, 1, ... as the table's key columns store them.</summary>
    private static void AddKey(DbCommand command, SyncTable table, object?[] key, string prefix)
    {
        for (var k = 0; k < table.Keys.Count; k++)
        {
            command.Parameters.Add(table.Keys[k].Parameter(command, $"{prefix}{k}", key[k]));
        }
    }

    private static async Task<List<object?[]>> ReadAsync(DbCommand command, SyncTable table, int expected, CancellationToken cancellationToken)
    {
        var rows = new List<object?[]>(Math.Min(expected, 10_000));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[table.Columns.Count];
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = table.Columns[c].Read(reader, c);
            }

            rows.Add(row);
        }

        return rows;
    }
}

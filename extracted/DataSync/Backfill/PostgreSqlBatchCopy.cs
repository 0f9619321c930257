using System.Globalization;
using DataSync.Dialects;
using DataSync.Schema;
using Npgsql;

namespace DataSync.Backfill;

/// <summary>
/// PostgreSQL to PostgreSQL: a batch goes server to server as binary COPY, streamed through without
/// decoding a value, straight into the target table. Should a row already be there (change sync got it
/// first), the batch is rolled back to a savepoint and goes through a staging table and an upsert instead.
/// </summary>
internal static class PostgreSqlBatchCopy
{
    private const string UniqueViolation = "23505";

    /// <summary>Whether this path can take a table: keys must be writable as SQL literals (COPY takes no parameters).</summary>
    public static bool Supports(SyncTable table) => table.Keys.All(k =>
        k.ClrType == typeof(Guid) || k.ClrType == typeof(int) || k.ClrType == typeof(long) || k.ClrType == typeof(short) || k.ClrType == typeof(string));

    /// <returns>The rows copied and the last key among them (null when none were left).</returns>
    public static async Task<(int Rows, object?[]? LastKey)> CopyAsync(NpgsqlConnection source, NpgsqlConnection target, NpgsqlTransaction transaction,
        PostgreSqlDialect dialect, SyncTable from, SyncTable to, object?[]? after, int batchSize, CancellationToken cancellationToken)
    {
        var keys = string.Join(", ", from.Keys.Select(k => dialect.Quote(k.Name)));
        var where = after is null ? "" : " WHERE " + Literal(dialect.After(from), from, after);
        var last = await ReadKeyAsync(source, from, $"SELECT {keys} FROM {dialect.Table(from)}{where} ORDER BY {keys} OFFSET {batchSize - 1} LIMIT 1", cancellationToken);
        var rows = batchSize;
        if (last is null)
        {
            // Fewer than a batch left: take them all.
            last = await ReadKeyAsync(source, from, $"SELECT {keys} FROM {dialect.Table(from)}{where} ORDER BY {string.Join(", ", from.Keys.Select(k => dialect.Quote(k.Name) + " DESC"))} LIMIT 1", cancellationToken);
            if (last is null)
            {
                return (0, null);
            }

            await using var count = new NpgsqlCommand($"SELECT COUNT(*) FROM {dialect.Table(from)}{where}", source);
            rows = (int)(long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        var upTo = "NOT (" + Literal(dialect.After(from), from, last) + ")";
        var columns = string.Join(", ", from.Columns.Select(c => dialect.Quote(c.Name)));
        // No ORDER BY: the batch is a key range, and the server may read it in whatever order is cheapest.
        var select = $"SELECT {columns} FROM {dialect.Table(from)} WHERE {(after is null ? "" : Literal(dialect.After(from), from, after) + " AND ")}{upTo}";

        await Execute(target, transaction, "SAVEPOINT datasync_batch", cancellationToken);
        try
        {
            await StreamAsync(source, target, select, $"COPY {dialect.Table(to)} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
            await Execute(target, transaction, "RELEASE SAVEPOINT datasync_batch", cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            await Execute(target, transaction, "ROLLBACK TO SAVEPOINT datasync_batch", cancellationToken);
            var staging = dialect.Quote($"datasync_staging_{to.Name}");
            await Execute(target, transaction, $"CREATE TEMP TABLE IF NOT EXISTS {staging} (LIKE {dialect.Table(to)} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS", cancellationToken);
            await StreamAsync(source, target, select, $"COPY {staging} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
            var others = to.Columns.Where(c => !c.IsKey).Select(c => $"{dialect.Quote(c.Name)} = excluded.{dialect.Quote(c.Name)}").ToList();
            await Execute(target, transaction,
                $"INSERT INTO {dialect.Table(to)} ({columns}) SELECT {columns} FROM {staging} ON CONFLICT ({keys}) " +
                (others.Count == 0 ? "DO NOTHING" : "DO UPDATE SET " + string.Join(", ", others)), cancellationToken);
            await Execute(target, transaction, $"TRUNCATE {staging}", cancellationToken);
        }

        return (rows, last);
    }

    private static async Task StreamAsync(NpgsqlConnection source, NpgsqlConnection target, string select, string copyIn, CancellationToken cancellationToken)
    {
        await using var reader = await source.BeginRawBinaryCopyAsync($"COPY ({select}) TO STDOUT (FORMAT BINARY)", cancellationToken);
        await using var writer = await target.BeginRawBinaryCopyAsync(copyIn, cancellationToken);
        await reader.CopyToAsync(writer, cancellationToken);
    }

    private static async Task<object?[]?> ReadKeyAsync(NpgsqlConnection connection, SyncTable table, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? [.. table.Keys.Select((key, i) => key.Read(reader, i))] : null;
    }

    /// <summary>The key predicate with its parameters (@k0, @k1, ...) replaced by literals of the given key.</summary>
    private static string Literal(string predicate, SyncTable table, object?[] key)
    {
        for (var i = table.Keys.Count - 1; i >= 0; i--)
        {
            predicate = predicate.Replace($"@k{i}", LiteralOf(key[i]), StringComparison.Ordinal);
        }

        return predicate;
    }

    private static string LiteralOf(object? value) => value switch
    {
        Guid guid => $"'{guid}'::uuid",
        string text => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new NotSupportedException($"Key value {value} cannot be written as a literal."),
    };

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

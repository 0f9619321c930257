using System.Data.Common;
using System.Text.Json;
using DataSync.Dialects;
using DataSync.Schema;

namespace DataSync.Backfill;

/// <summary>
/// Backfill checkpoints, kept in the target database next to the rows they describe and written in the
/// same transaction as each batch: after a crash the checkpoint says exactly which rows are in.
/// </summary>
internal sealed class CheckpointStore(DbConnection connection, SqlDialect dialect, string name)
{
    public async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = dialect.CreateCheckpoints;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<Checkpoint> ReadAsync(SyncTable table, CancellationToken cancellationToken) =>
        ReadAsync(table.DisplayName, [.. table.Keys.Select(k => k.ClrType)], cancellationToken);

    /// <summary>The checkpoint of an entry (a table, or a position such as the change log's).</summary>
    public async Task<Checkpoint> ReadAsync(string entry, IReadOnlyList<Type> keyTypes, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = dialect.ReadCheckpoint;
        command.Parameters.Add(SqlDialect.Parameter(command, "@name", name));
        command.Parameters.Add(SqlDialect.Parameter(command, "@table", entry));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return Checkpoint.Start;
        }

        var key = reader.IsDBNull(0) ? null : KeyFromJson(keyTypes, reader.GetString(0));
        return new Checkpoint(key, reader.GetInt64(1), Convert.ToBoolean(reader.GetValue(2)));
    }

    public Task WriteAsync(SyncTable table, Checkpoint checkpoint, DbTransaction transaction, CancellationToken cancellationToken) =>
        WriteAsync(table.DisplayName, checkpoint, transaction, cancellationToken);

    public async Task WriteAsync(string entry, Checkpoint checkpoint, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = dialect.UpsertCheckpoint;
        command.Parameters.Add(SqlDialect.Parameter(command, "@name", name));
        command.Parameters.Add(SqlDialect.Parameter(command, "@table", entry));
        command.Parameters.Add(SqlDialect.Parameter(command, "@key", checkpoint.LastKey is null ? null : JsonSerializer.Serialize(checkpoint.LastKey)));
        command.Parameters.Add(SqlDialect.Parameter(command, "@rows", checkpoint.Copied));
        command.Parameters.Add(SqlDialect.Parameter(command, "@completed", checkpoint.Completed));
        command.Parameters.Add(SqlDialect.Parameter(command, "@at", dialect.Timestamp(DateTimeOffset.UtcNow)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static object?[] KeyFromJson(IReadOnlyList<Type> keyTypes, string json)
    {
        var elements = JsonSerializer.Deserialize<JsonElement[]>(json)!;
        return [.. keyTypes.Select((type, i) => elements[i].ValueKind == JsonValueKind.Null ? null : elements[i].Deserialize(type))];
    }
}

/// <summary>The last key copied (null before the first batch), rows copied so far, and whether the table is done.</summary>
internal sealed record Checkpoint(object?[]? LastKey, long Copied, bool Completed)
{
    public static Checkpoint Start { get; } = new(null, 0, false);
}

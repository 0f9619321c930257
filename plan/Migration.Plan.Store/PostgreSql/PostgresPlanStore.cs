using Npgsql;
using Plan.Transitions;

namespace Plan.Store.PostgreSql;

/// <summary>
/// The plan as one versioned row in PostgreSQL, shared by every process of the estate. A change is a
/// compare-and-swap on the version, in one transaction with its audit entry and a notification that
/// every follower receives when it commits. The row is seeded from the plan file on first start.
/// </summary>
public sealed class PostgresPlanStore : IAsyncDisposable
{
    private readonly string _s;

    public PostgresPlanStore(string connectionString, string schema)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Description = $"PostgreSQL store {builder.Host}:{builder.Port}/{builder.Database}, schema {schema}";
        DataSource = NpgsqlDataSource.Create(connectionString);
        Schema = schema;
        _s = StoreSchema.Quote(schema);
        Channel = StoreSchema.Quote(schema + "_plan");
    }

    /// <summary>Where the store is, in words (no credentials).</summary>
    public string Description { get; }

    public string Schema { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>One of the store's tables, schema-qualified and quoted, for SQL of the store's other users (the proxy's replica leases).</summary>
    public string Table(string name) => $"{_s}.{StoreSchema.Quote(name)}";

    /// <summary>The notification channel a change of the plan is announced on (quoted).</summary>
    public string Channel { get; }

    /// <summary>
    /// Creates the store's tables when missing, seeds the plan row from the plan file when the store has
    /// none (audited as a change by <paramref name="actor"/>), and returns the plan the store holds. A store
    /// that already holds a plan keeps it: the store, not the file, is the source of truth from then on.
    /// </summary>
    /// <param name="seedContent">The plan file's text, already validated; null when there is no valid file to seed from.</param>
    /// <returns>The store's plan; null when it holds none and there was nothing to seed it with.</returns>
    public async Task<StoredPlan?> OpenAsync(string? seedContent, string seedSource, string actor, CancellationToken cancellationToken)
    {
        try
        {
            await StoreSchema.EnsureAsync(DataSource, Schema, cancellationToken);
        }
        catch (PostgresException missing) when (missing.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // A new estate: the store's database is created like the hosts create theirs.
            await CreateDatabaseAsync(cancellationToken);
            await StoreSchema.EnsureAsync(DataSource, Schema, cancellationToken);
        }

        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        if (seedContent is null)
        {
            return await ReadAsync(connection, cancellationToken);
        }

        var hash = PlanEdit.HashOf(System.Text.Encoding.UTF8.GetBytes(seedContent));
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var seed = new NpgsqlCommand(
            $"""
            WITH seeded AS (
                INSERT INTO {_s}.plan (id, version, content, content_hash, changed_by, seed_hash)
                VALUES (1, 1, @content, @hash, @actor, @hash)
                ON CONFLICT (id) DO NOTHING
                RETURNING version)
            INSERT INTO {_s}.audit (at, actor, module, from_stage, to_stage, reason, forced, plan_version)
            SELECT now(), @actor, '*', '', '', @reason, false, version FROM seeded
            """, connection, transaction))
        {
            seed.Parameters.AddWithValue("content", seedContent);
            seed.Parameters.AddWithValue("hash", hash);
            seed.Parameters.AddWithValue("actor", actor);
            seed.Parameters.AddWithValue("reason", $"The store was seeded from the plan file {seedSource}.");
            await seed.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return await ReadAsync(connection, cancellationToken);
    }

    private async Task CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(DataSource.ConnectionString);
        var name = target.Database!;
        target.Database = "postgres";
        target.Pooling = false;
        await using var connection = new NpgsqlConnection(target.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {StoreSchema.Quote(name)}", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException exists) when (exists.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another process of the estate created it first.
        }
    }

    /// <summary>The plan the store holds now.</summary>
    public async Task<StoredPlan?> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, cancellationToken);
    }

    /// <inheritdoc cref="ReadAsync(CancellationToken)"/>
    public async Task<StoredPlan?> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand(
            $"SELECT version, content, content_hash, changed_at, changed_by, seed_hash FROM {_s}.plan WHERE id = 1", connection);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredPlan(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5))
            : null;
    }

    /// <summary>The channel on which the start and end of a fence across replicas is announced (unquoted, for pg_notify).</summary>
    public string FenceChannel => Schema + "_fence";

    /// <summary>
    /// Writes <paramref name="content"/> as the next version if the store still holds <paramref name="basisVersion"/>,
    /// with <paramref name="audit"/> in the same transaction, and announces it to every follower on commit.
    /// With <paramref name="fence"/>, the write also ends that fence as "moved", and happens only while the fence
    /// is still open: a fence that was aborted meanwhile (by its deadline, or by a replica that gave up on it)
    /// can never also have moved the plan.
    /// </summary>
    public async Task<StoreWrite> WriteAsync(int basisVersion, string content, string contentHash, string actor, AuditEntry audit, CancellationToken cancellationToken,
        Guid? fence = null)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (fence is { } open)
        {
            await using var end = new NpgsqlCommand(
                $"UPDATE {_s}.fences SET outcome = 'moved', ended_at = now() WHERE id = @id AND outcome IS NULL", connection, transaction);
            end.Parameters.AddWithValue("id", open);
            if (await end.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new StoreWrite(false, (await ReadAsync(connection, cancellationToken))?.Version ?? 0) { FenceEnded = true };
            }
        }

        int? written;
        await using (var swap = new NpgsqlCommand(
            $"""
            UPDATE {_s}.plan SET version = version + 1, content = @content, content_hash = @hash, changed_at = now(), changed_by = @actor
            WHERE id = 1 AND version = @basis
            RETURNING version
            """, connection, transaction))
        {
            swap.Parameters.AddWithValue("content", content);
            swap.Parameters.AddWithValue("hash", contentHash);
            swap.Parameters.AddWithValue("actor", actor);
            swap.Parameters.AddWithValue("basis", basisVersion);
            written = (int?)await swap.ExecuteScalarAsync(cancellationToken);
        }

        if (written is not { } version)
        {
            await transaction.RollbackAsync(cancellationToken);
            return StoreWrite.Conflict((await ReadAsync(connection, cancellationToken))?.Version ?? 0);
        }

        await InsertAuditAsync(connection, transaction, audit, version, cancellationToken);
        await using (var notify = new NpgsqlCommand(
            $"""
            UPDATE {_s}.fences SET plan_version = @version WHERE id = @fence;
            SELECT pg_notify(@channel, @version::text);
            SELECT pg_notify(@fenceChannel, @fence::text) WHERE @fence IS NOT NULL;
            """, connection, transaction))
        {
            notify.Parameters.AddWithValue("channel", Schema + "_plan");
            notify.Parameters.AddWithValue("fenceChannel", FenceChannel);
            notify.Parameters.AddWithValue("version", version);
            notify.Parameters.Add(Nullable("fence", NpgsqlTypes.NpgsqlDbType.Uuid, fence));
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new StoreWrite(true, version);
    }

    /// <summary>Records an entry that changed no plan (a refusal), durable before this returns.</summary>
    public async Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await InsertAuditAsync(connection, null, entry, null, cancellationToken);
    }

    /// <summary>The audit trail, oldest first; one module's entries, or all.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(string? module, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var read = new NpgsqlCommand(
            $"""
            SELECT at, actor, module, from_stage, to_stage, from_percent, to_percent, reason, forced FROM {_s}.audit
            WHERE module <> '*' AND (@module::text IS NULL OR module = @module) ORDER BY id
            """, connection);
        read.Parameters.Add(Nullable("module", NpgsqlTypes.NpgsqlDbType.Text, module));
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetDouble(5), reader.IsDBNull(6) ? null : reader.GetDouble(6), reader.GetString(7), reader.GetBoolean(8)));
        }

        return entries;
    }

    private async Task InsertAuditAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, AuditEntry entry, int? version, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            $"""
            INSERT INTO {_s}.audit (at, actor, module, from_stage, to_stage, from_percent, to_percent, reason, forced, plan_version)
            VALUES (@at, @actor, @module, @from, @to, @fromPercent, @toPercent, @reason, @forced, @version)
            """, connection, transaction);
        insert.Parameters.AddWithValue("at", entry.At);
        insert.Parameters.AddWithValue("actor", entry.Actor);
        insert.Parameters.AddWithValue("module", entry.Module);
        insert.Parameters.AddWithValue("from", entry.From);
        insert.Parameters.AddWithValue("to", entry.To);
        insert.Parameters.Add(Nullable("fromPercent", NpgsqlTypes.NpgsqlDbType.Double, entry.FromPercent));
        insert.Parameters.Add(Nullable("toPercent", NpgsqlTypes.NpgsqlDbType.Double, entry.ToPercent));
        insert.Parameters.AddWithValue("reason", entry.Reason);
        insert.Parameters.AddWithValue("forced", entry.Forced);
        insert.Parameters.Add(Nullable("version", NpgsqlTypes.NpgsqlDbType.Integer, version));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter Nullable(string name, NpgsqlTypes.NpgsqlDbType type, object? value) =>
        new(name, type) { Value = value ?? DBNull.Value };

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}

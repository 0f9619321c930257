using Npgsql;

namespace Plan.Store.PostgreSql;

/// <summary>
/// The store's tables, created when missing. Every process of the estate may start at once, so creation
/// runs under a transaction-scoped advisory lock: one creates, the others find the tables there.
/// </summary>
internal static class StoreSchema
{
    /// <summary>The advisory lock key of schema creation (any fixed number no other part of the estate uses).</summary>
    private const long CreationLock = 0x4D49_4752_5343_4831; // "MIGRSCH1"

    public static async Task EnsureAsync(NpgsqlDataSource source, string schema, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var locked = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({CreationLock})", connection, transaction))
        {
            await locked.ExecuteNonQueryAsync(cancellationToken);
        }

        var s = Quote(schema);
        await using (var create = new NpgsqlCommand(
            $"""
            CREATE SCHEMA IF NOT EXISTS {s};
            CREATE TABLE IF NOT EXISTS {s}.plan (
                id int PRIMARY KEY CHECK (id = 1),
                version int NOT NULL,
                content text NOT NULL,
                content_hash text NOT NULL,
                changed_at timestamptz NOT NULL DEFAULT now(),
                changed_by text NOT NULL,
                seed_hash text NULL);
            CREATE TABLE IF NOT EXISTS {s}.audit (
                id bigserial PRIMARY KEY,
                at timestamptz NOT NULL,
                actor text NOT NULL,
                module text NOT NULL,
                from_stage text NOT NULL,
                to_stage text NOT NULL,
                from_percent double precision NULL,
                to_percent double precision NULL,
                reason text NOT NULL,
                forced boolean NOT NULL,
                plan_version int NULL);
            CREATE INDEX IF NOT EXISTS audit_module ON {s}.audit (module, id);
            CREATE TABLE IF NOT EXISTS {s}.replicas (
                id text PRIMARY KEY,
                address text NOT NULL,
                plan_version int NOT NULL,
                started_at timestamptz NOT NULL DEFAULT now(),
                renewed_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE IF NOT EXISTS {s}.fences (
                id uuid PRIMARY KEY,
                module text NOT NULL,
                started_by text NOT NULL,
                started_at timestamptz NOT NULL DEFAULT now(),
                hold_for interval NOT NULL,
                outcome text NULL CHECK (outcome IN ('moved', 'aborted')),
                plan_version int NULL,
                ended_at timestamptz NULL);
            CREATE INDEX IF NOT EXISTS fences_open ON {s}.fences (started_at) WHERE outcome IS NULL;
            CREATE UNIQUE INDEX IF NOT EXISTS fences_one_open_per_module ON {s}.fences (module) WHERE outcome IS NULL;
            CREATE TABLE IF NOT EXISTS {s}.fence_holds (
                fence_id uuid NOT NULL REFERENCES {s}.fences (id) ON DELETE CASCADE,
                replica_id text NOT NULL,
                held_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (fence_id, replica_id));
            CREATE TABLE IF NOT EXISTS {s}.evidence (
                replica_id text NOT NULL,
                module text NOT NULL,
                shadow_generation int NOT NULL,
                shadow_since timestamptz NOT NULL,
                compared bigint NOT NULL,
                matched bigint NOT NULL,
                mismatched bigint NOT NULL,
                errors bigint NOT NULL,
                dropped bigint NOT NULL,
                stage text NOT NULL,
                answered int NOT NULL,
                failed int NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (replica_id, module));
            -- Per route, so the promotion gate weighs each route on every replica's comparisons: route -> [compared, failed].
            ALTER TABLE {s}.evidence ADD COLUMN IF NOT EXISTS routes jsonb NOT NULL DEFAULT jsonb_build_object();
            CREATE TABLE IF NOT EXISTS {s}.shadow_resets (
                module text PRIMARY KEY,
                generation int NOT NULL);
            """, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>A PostgreSQL identifier, quoted.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

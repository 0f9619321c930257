using Microsoft.Extensions.Options;
using Npgsql;
using Plan.Store;
using Plan.Store.PostgreSql;

namespace StranglerProxy.Store;

/// <summary>The proxy replicas registered in the shared store, as the status and the dashboard show them; none with a plan file.</summary>
internal sealed class Replicas(ReplicaIdentity identity, IOptions<StoreOptions> options, PostgresPlanStore? shared = null)
{
    /// <summary>Every replica registered within the last hour, live first; null when the plan is a file (nothing is shared).</summary>
    public async Task<IReadOnlyList<ReplicaStatus>?> ListAsync(CancellationToken cancellationToken)
    {
        if (shared is null)
        {
            return null;
        }

        try
        {
            await using var connection = await shared.DataSource.OpenConnectionAsync(cancellationToken);
            await using var read = new NpgsqlCommand(
                $"""
                SELECT id, address, plan_version, started_at, renewed_at, renewed_at > now() - @lease AS live
                FROM {shared.Table("replicas")} ORDER BY live DESC, id
                """, connection);
            read.Parameters.AddWithValue("lease", options.Value.LeaseDuration);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            var replicas = new List<ReplicaStatus>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                replicas.Add(new ReplicaStatus(id, reader.GetString(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3),
                    reader.GetFieldValue<DateTimeOffset>(4), reader.GetBoolean(5), id == identity.Id));
            }

            return replicas;
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            // The store is out of reach from here: say so rather than fail the status.
            return [new ReplicaStatus(identity.Id, $"(the plan store is unreachable: {ex.Message})", 0, default, default, false, true)];
        }
    }
}

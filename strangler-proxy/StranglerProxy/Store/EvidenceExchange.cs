using System.Text.Json;
using Npgsql;
using Plan.Store.PostgreSql;
using StranglerProxy.Plan;
using StranglerProxy.Safety;
using StranglerProxy.Shadow;

namespace StranglerProxy.Store;

/// <summary>
/// Every second, reports this replica's evidence to the store (per module: its shadow counts in the current
/// shadow period, its service's answers and failures in the rollback window) and reads the other live
/// replicas' reports, summed, into <see cref="ClusterEvidence"/>; then lets the automatic rollback weigh the
/// total. An operator's reset of shadow counts made through any replica is applied here too.
/// </summary>
internal sealed partial class EvidenceExchange(
    PostgresPlanStore shared, PlanStore plans, ShadowStats shadow, AutomaticRollback rollback, ClusterEvidence evidence, ReplicaIdentity identity,
    ILogger<EvidenceExchange> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Reports older than this are a gone replica's, and count no more.</summary>
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, int> _generations = new(StringComparer.Ordinal);
    private bool _started;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await ExchangeAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                // The others' last reports age out; this replica decides on its own evidence meanwhile.
                evidence.Replace(new Dictionary<string, OthersEvidence>());
                LogUnreachable(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task ExchangeAsync(CancellationToken cancellationToken)
    {
        var plan = plans.Current.Plan;
        await using var connection = await shared.DataSource.OpenConnectionAsync(cancellationToken);
        await ApplyResetsAsync(connection, cancellationToken);

        var batch = new NpgsqlBatch(connection);
        await using (batch)
        {
            foreach (var module in plan.Modules.Values)
            {
                var totals = shadow.LocalTotals(module.Name);
                var (answered, failed) = rollback.WindowOf(module);
                var report = new NpgsqlBatchCommand(
                    $"""
                    INSERT INTO {shared.Table("evidence")} (replica_id, module, shadow_generation, shadow_since, compared, matched, mismatched, errors, dropped, stage, answered, failed, routes)
                    VALUES (@replica, @module, @generation, @since, @compared, @matched, @mismatched, @errors, @dropped, @stage, @answered, @failed, @routes)
                    ON CONFLICT (replica_id, module) DO UPDATE SET shadow_generation = excluded.shadow_generation, shadow_since = excluded.shadow_since,
                        compared = excluded.compared, matched = excluded.matched, mismatched = excluded.mismatched, errors = excluded.errors,
                        dropped = excluded.dropped, stage = excluded.stage, answered = excluded.answered, failed = excluded.failed,
                        routes = excluded.routes, updated_at = now()
                    """);
                report.Parameters.AddWithValue("replica", identity.Id);
                report.Parameters.AddWithValue("module", module.Name);
                report.Parameters.AddWithValue("generation", _generations.GetValueOrDefault(module.Name));
                report.Parameters.AddWithValue("since", totals.Since);
                report.Parameters.AddWithValue("compared", totals.Compared);
                report.Parameters.AddWithValue("matched", totals.Matched);
                report.Parameters.AddWithValue("mismatched", totals.Mismatched);
                report.Parameters.AddWithValue("errors", totals.Errors);
                report.Parameters.AddWithValue("dropped", totals.Dropped);
                report.Parameters.AddWithValue("stage", module.Stage.ToPlanName());
                report.Parameters.AddWithValue("answered", answered);
                report.Parameters.AddWithValue("failed", failed);
                report.Parameters.Add(new NpgsqlParameter("routes", NpgsqlTypes.NpgsqlDbType.Jsonb)
                {
                    Value = JsonSerializer.Serialize(totals.Routes.ToDictionary(r => r.Key, r => new[] { r.Value.Compared, r.Value.Failed }, StringComparer.Ordinal)),
                });
                batch.BatchCommands.Add(report);
            }

            if (batch.BatchCommands.Count > 0)
            {
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        evidence.Replace(await ReadOthersAsync(connection, cancellationToken));
        foreach (var module in plan.Modules.Values)
        {
            rollback.Evaluate(module);
        }
    }

    /// <summary>The other live replicas' reports, summed per module: shadow counts of the current reset generation, answers at each one's stage.</summary>
    private async Task<Dictionary<string, OthersEvidence>> ReadOthersAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand(
            $"""
            SELECT e.module, e.stage, min(e.shadow_since), sum(e.compared)::bigint, sum(e.matched)::bigint, sum(e.mismatched)::bigint,
                   sum(e.errors)::bigint, sum(e.dropped)::bigint, sum(e.answered)::bigint, sum(e.failed)::bigint
            FROM {shared.Table("evidence")} e LEFT JOIN {shared.Table("shadow_resets")} r ON r.module = e.module
            WHERE e.replica_id <> @self AND e.updated_at > now() - @fresh AND e.shadow_generation = coalesce(r.generation, 0)
            GROUP BY e.module, e.stage
            """, connection);
        read.Parameters.AddWithValue("self", identity.Id);
        read.Parameters.AddWithValue("fresh", Fresh);
        var others = new Dictionary<string, OthersEvidence>(StringComparer.Ordinal);
        var current = plans.Current.Plan;
        var routes = await ReadOthersRoutesAsync(connection, cancellationToken);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var module = reader.GetString(0);
            // Only reports made at the stage this replica serves: a replica a flip has not reached yet reports an old stage.
            if (!StageNames.TryParse(reader.GetString(1), out var stage) || current.Modules.GetValueOrDefault(module)?.Stage != stage)
            {
                continue;
            }

            others[module] = new OthersEvidence(
                new ShadowTotals(reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7))
                {
                    Routes = routes.GetValueOrDefault((module, stage.ToPlanName())) ?? new Dictionary<string, RouteTotals>(StringComparer.Ordinal),
                },
                stage, (int)reader.GetInt64(8), (int)reader.GetInt64(9));
        }

        return others;
    }

    /// <summary>The same reports' per-route counts, summed per module, stage and route.</summary>
    private async Task<Dictionary<(string Module, string Stage), Dictionary<string, RouteTotals>>> ReadOthersRoutesAsync(
        NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand(
            $"""
            SELECT e.module, e.stage, route.key, sum((route.value->>0)::bigint)::bigint, sum((route.value->>1)::bigint)::bigint
            FROM {shared.Table("evidence")} e LEFT JOIN {shared.Table("shadow_resets")} r ON r.module = e.module
                CROSS JOIN LATERAL jsonb_each(e.routes) route
            WHERE e.replica_id <> @self AND e.updated_at > now() - @fresh AND e.shadow_generation = coalesce(r.generation, 0)
            GROUP BY e.module, e.stage, route.key
            """, connection);
        read.Parameters.AddWithValue("self", identity.Id);
        read.Parameters.AddWithValue("fresh", Fresh);
        var routes = new Dictionary<(string, string), Dictionary<string, RouteTotals>>();
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = (reader.GetString(0), reader.GetString(1));
            if (!routes.TryGetValue(key, out var module))
            {
                routes[key] = module = new Dictionary<string, RouteTotals>(StringComparer.Ordinal);
            }

            module[reader.GetString(2)] = new RouteTotals(reader.GetInt64(3), reader.GetInt64(4));
        }

        return routes;
    }

    /// <summary>A reset made through any replica starts this replica's counts afresh too (the first reading only takes note).</summary>
    private async Task ApplyResetsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand($"SELECT module, generation FROM {shared.Table("shadow_resets")}", connection);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (module, generation) = (reader.GetString(0), reader.GetInt32(1));
            if (_generations.GetValueOrDefault(module) != generation)
            {
                // At start-up this replica's counts begin after any earlier reset anyway: it only takes note.
                if (_started)
                {
                    shadow.Reset(module);
                }

                _generations[module] = generation;
            }
        }

        _started = true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not exchange evidence with the other replicas through the plan store: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string reason);
}

using Npgsql;
using Plan.Store.PostgreSql;
using StranglerProxy.Shadow;

namespace StranglerProxy.Store;

/// <summary>
/// What the other replicas sharing the store have seen, as of their last report (every second, by
/// <see cref="EvidenceExchange"/>): their shadow comparisons per module and the answers and failures of
/// each module's service in their rollback windows. The promotion gate and the automatic rollback add it
/// to this replica's own, so they decide on every replica's evidence. Empty with a plan file.
/// </summary>
internal sealed class ClusterEvidence(PostgresPlanStore? shared = null)
{
    private static readonly IReadOnlyDictionary<string, OthersEvidence> None = new Dictionary<string, OthersEvidence>();

    private IReadOnlyDictionary<string, OthersEvidence> _others = None;

    /// <summary>The other replicas' shadow comparisons of the module in its current shadow period, summed.</summary>
    public ShadowTotals? ShadowOf(string module) => Volatile.Read(ref _others).GetValueOrDefault(module)?.Shadow;

    /// <summary>The other replicas' answers and failures of the module's service at <paramref name="stage"/>, within their rollback windows.</summary>
    public (int Total, int Failed) AnswersOf(string module, Stage stage) =>
        Volatile.Read(ref _others).GetValueOrDefault(module) is { } others && others.Stage == stage ? (others.Answered, others.Failed) : (0, 0);

    public void Replace(IReadOnlyDictionary<string, OthersEvidence> others) => Volatile.Write(ref _others, others);

    /// <summary>Starts the module's shadow counts afresh on every replica (an operator's reset), not only here.</summary>
    public async Task ResetShadowEverywhereAsync(string module, CancellationToken cancellationToken)
    {
        if (shared is null)
        {
            return;
        }

        await using var connection = await shared.DataSource.OpenConnectionAsync(cancellationToken);
        await using var reset = new NpgsqlCommand(
            $"""
            INSERT INTO {shared.Table("shadow_resets")} (module, generation) VALUES (@module, 1)
            ON CONFLICT (module) DO UPDATE SET generation = {shared.Table("shadow_resets")}.generation + 1
            """, connection);
        reset.Parameters.AddWithValue("module", module);
        await reset.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>The other replicas' evidence about one module, summed.</summary>
internal sealed record OthersEvidence(ShadowTotals? Shadow, Stage Stage, int Answered, int Failed);

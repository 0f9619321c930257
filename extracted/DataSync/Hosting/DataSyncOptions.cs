namespace DataSync.Hosting;

/// <summary>Configuration section "DataSync".</summary>
public sealed record DataSyncOptions
{
    public const string SectionName = "DataSync";

    /// <summary>
    /// "worker" runs the jobs (one such process per module, or several with shared storage); "web"
    /// (the default) only serves. Replicas of a service are web; the AppHost adds one worker.
    /// </summary>
    public string Role { get; init; } = "web";

    public bool IsWorker => string.Equals(Role, "worker", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Hangfire storage: InMemory, PostgreSql or SqlServer. By default it follows the service's database
    /// ("Database:Provider"): in memory on the embedded SQLite, else that database itself.
    /// </summary>
    public string? Storage { get; init; }

    /// <summary>Connection string of a PostgreSql or SqlServer storage; by default the service's own database.</summary>
    public string? StorageConnectionString { get; init; }

    /// <summary>Start the backfill when the worker starts (it resumes, or finds it done, from its checkpoint).</summary>
    public bool BackfillOnStart { get; init; } = true;

    /// <summary>Rows per backfill batch (each commits with its checkpoint); large batches suit server-to-server copies.</summary>
    public int BatchSize { get; init; } = 50_000;

    /// <summary>When the recurring reconcile runs (cron); hourly by default.</summary>
    public string ReconcileCron { get; init; } = "0 * * * *";

    /// <summary>How often a worker applies the data owner's change log to the other side.</summary>
    public TimeSpan ChangeInterval { get; init; } = TimeSpan.FromSeconds(1);
}

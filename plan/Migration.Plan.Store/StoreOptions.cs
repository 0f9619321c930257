namespace Plan.Store;

/// <summary>Where the plan lives: a file each process reads, or a store every process shares.</summary>
public enum StoreProvider
{
    /// <summary>The plan file (Migration:PlanPath): the embedded default, for one proxy or replicas reading one mounted file.</summary>
    File,

    /// <summary>A versioned row in PostgreSQL (ConnectionStrings:migration), seeded from the plan file on first start.</summary>
    PostgreSql,
}

/// <summary>Settings of the plan store (section "Migration:Store").</summary>
public sealed record StoreOptions
{
    public const string SectionName = "Migration:Store";

    /// <summary>The connection string's name under ConnectionStrings.</summary>
    public const string ConnectionName = "migration";

    public StoreProvider Provider { get; init; } = StoreProvider.File;

    /// <summary>The PostgreSQL schema holding the store's tables.</summary>
    public string Schema { get; init; } = "migration";

    /// <summary>
    /// How often the plan row is read when no notification arrived: the safety net for a notification lost
    /// with a dropped connection. Notifications themselves arrive at once.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a proxy replica's registration lasts without renewal; past it, others stop waiting for it.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a replica renews its lease.</summary>
    public TimeSpan RenewInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>This replica's name in the store; by default the machine name and process id.</summary>
    public string? ReplicaId { get; init; }

    /// <summary>The address others can reach this replica at, shown in the status; by default its first listening address.</summary>
    public string? ReplicaAddress { get; init; }

    /// <summary>The options in force, read from configuration, or an error naming the setting when they cannot serve.</summary>
    public static StoreOptions From(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        Microsoft.Extensions.Configuration.ConfigurationBinder.Get<StoreOptions>(configuration.GetSection(SectionName)) ?? new StoreOptions();
}

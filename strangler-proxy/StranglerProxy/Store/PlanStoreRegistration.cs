using Microsoft.Extensions.Options;
using Npgsql;
using Plan.Store;
using ServiceDefaults;
using Plan.Store.PostgreSql;
using StranglerProxy.Admin;
using StranglerProxy.Plan;
using StranglerProxy.Safety;

namespace StranglerProxy.Store;

/// <summary>
/// Where the plan lives (Migration:Store:Provider): the plan file, followed by each proxy on its own, or
/// the shared PostgreSQL store (ConnectionStrings:migration), seeded from the file, changed by
/// compare-and-swap and followed by every replica, with replica leases.
/// </summary>
internal static class PlanStoreRegistration
{
    /// <exception cref="InvalidPlanException">The store's settings cannot serve: which setting, and why.</exception>
    public static IServiceCollection AddPlanStore(this IServiceCollection services, IConfiguration configuration)
    {
        var options = Read(configuration);
        var identity = ReplicaIdentity.From(options);
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(identity);
        services.AddSingleton<PlanStore>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<IAuditTrail>(sp => sp.GetRequiredService<AuditLog>());
        services.AddSingleton<Replicas>();
        services.AddSingleton<StoreLeaseClock>();
        services.AddSingleton<ClusterEvidence>();
        if (options.Provider == StoreProvider.File)
        {
            services.AddSingleton<PlanWriter>();
            services.AddSingleton<IPlanVersions>(sp => sp.GetRequiredService<PlanWriter>());
            services.AddHostedService<PlanFileWatcher>();
            services.AddSingleton<IReplicaFence, AloneFence>();
            return services;
        }

        if (configuration.GetConnectionString(StoreOptions.ConnectionName) is not { Length: > 0 } connectionString)
        {
            throw Misconfigured($"ConnectionStrings:{StoreOptions.ConnectionName}", "Required when Migration:Store:Provider is PostgreSql.");
        }

        NpgsqlConnectionStringBuilder connection;
        try
        {
            connection = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw Misconfigured($"ConnectionStrings:{StoreOptions.ConnectionName}", $"Not a PostgreSQL connection string: {ex.Message}");
        }

        // Named in pg_stat_activity, so an operator sees which replica holds which connection.
        connection.ApplicationName ??= $"strangler-proxy {identity.Id}";
        services.AddSingleton(new PostgresPlanStore(connection.ConnectionString, options.Schema));
        services.AddSingleton<IPlanVersions, StorePlanVersions>();
        services.AddHostedService<StorePlanFollowing>();
        services.AddSingleton<ReplicaLease>();
        services.AddHostedService(sp => sp.GetRequiredService<ReplicaLease>());
        services.AddSingleton<IReplicaFence, StoreFence>();
        services.AddHostedService<FenceFollower>();
        services.AddHostedService<EvidenceExchange>();
        services.AddHealthChecks().AddCheck<StoreLeaseHealthCheck>("plan-store-lease", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return services;
    }

    private static StoreOptions Read(IConfiguration configuration)
    {
        try
        {
            return StoreOptions.From(configuration);
        }
        catch (InvalidOperationException ex)
        {
            throw Misconfigured(StoreOptions.SectionName, $"{ex.Message} (Migration:Store:Provider is File or PostgreSql).");
        }
    }

    private static InvalidPlanException Misconfigured(string setting, string reason) =>
        new([new PlanError(PlanError.Configuration, setting, reason)]);
}

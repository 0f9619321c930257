using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

/// <summary>
/// The estate as Aspire runs it. Resource names are the service names of migration.json, so service
/// discovery resolves the same names locally, in the AppHost and in a cluster.
/// </summary>
public static class EstateResources
{
    public const string Legacy = "legacy";

    /// <summary>The strangler-fig front door; clients talk to it, never to a service directly.</summary>
    public const string Proxy = "proxy";

    /// <summary>Optional override of the plan the proxy follows ("Estate:PlanPath"); by default the repository's migration.json.</summary>
    public const string PlanPathKey = "Estate:PlanPath";

    /// <summary>Optional override of the monolith's database ("Estate:Legacy:ConnectionString").</summary>
    public const string LegacyConnectionStringKey = "Estate:Legacy:ConnectionString";

    public static IDistributedApplicationBuilder AddShopEstate(this IDistributedApplicationBuilder builder)
    {
        // Readiness includes every module database, so "healthy" in the dashboard means serving.
        var legacy = builder.AddProject<Projects.Shop_Host>(Legacy)
            .WithHttpHealthCheck("/health/ready");
        if (builder.Configuration[LegacyConnectionStringKey] is { Length: > 0 } connectionString)
        {
            legacy.WithEnvironment("ConnectionStrings__shop", connectionString);
        }

        var planPath = builder.Configuration[PlanPathKey] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, builder.AppHostDirectory)
            : Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "..", "migration.json"));
        builder.AddProject<Projects.StranglerProxy>(Proxy)
            .WithReference(legacy)
            .WaitFor(legacy)
            .WithEnvironment("Migration__PlanPath", planPath)
            .WithHttpHealthCheck("/health/ready");

        return builder;
    }
}

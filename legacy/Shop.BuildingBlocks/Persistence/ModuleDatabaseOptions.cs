using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Shop.BuildingBlocks.Persistence;

/// <summary>
/// Where the modules of one host keep their data. All modules share one database and keep to their
/// own schema (SQLite has no schemas, so there the schema becomes a table-name prefix).
/// </summary>
public sealed record ModuleDatabaseOptions
{
    public const string SectionName = "Database";

    public required DatabaseProvider Provider { get; init; }

    public required string ConnectionString { get; init; }

    /// <summary>
    /// Another database this host reads, such as the monolith's for a service's DataSync: provider from
    /// <paramref name="providerKey"/>, connection from "ConnectionStrings:{connectionName}".
    /// </summary>
    public static ModuleDatabaseOptions Read(IConfiguration configuration, IHostEnvironment environment, string connectionName, string providerKey) =>
        ModuleDatabaseOptionsReader.Read(configuration, environment, connectionName, providerKey);
}

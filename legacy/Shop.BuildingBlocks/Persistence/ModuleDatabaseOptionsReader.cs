using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Shop.BuildingBlocks.Persistence;

/// <summary>
/// Reads "Database:Provider" and "ConnectionStrings:{name}". With nothing configured the host runs on
/// a SQLite file under data/ in its content root, created on first run.
/// </summary>
internal static class ModuleDatabaseOptionsReader
{
    public static ModuleDatabaseOptions Read(IConfiguration configuration, IHostEnvironment environment, string connectionName,
        string providerKey = $"{ModuleDatabaseOptions.SectionName}:Provider")
    {
        var providerText = configuration[providerKey];
        var provider = DatabaseProvider.Sqlite;
        if (!string.IsNullOrWhiteSpace(providerText) && !Enum.TryParse(providerText, ignoreCase: true, out provider))
        {
            throw new InvalidOperationException(
                $"Configuration '{providerKey}' is '{providerText}'; expected one of: {string.Join(", ", Enum.GetNames<DatabaseProvider>())}.");
        }

        var connectionString = configuration.GetConnectionString(connectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = provider == DatabaseProvider.Sqlite
                ? $"Data Source=data/{connectionName}.db"
                : throw new InvalidOperationException(
                    $"Configuration 'ConnectionStrings:{connectionName}' is required for the {provider} provider.");
        }

        if (provider == DatabaseProvider.Sqlite)
        {
            connectionString = AnchorSqliteFile(connectionString, environment.ContentRootPath);
        }

        return new ModuleDatabaseOptions { Provider = provider, ConnectionString = connectionString };
    }

    /// <summary>A relative SQLite file lives under the content root, and its folder is created.</summary>
    private static string AnchorSqliteFile(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is "" or ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            return connectionString;
        }

        var path = Path.GetFullPath(builder.DataSource, contentRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        builder.DataSource = path;
        return builder.ToString();
    }
}

namespace Shop.BuildingBlocks.Persistence;

/// <summary>
/// The databases design-time tools (migrations, script generation) target: SQL Server, the production
/// provider, by default, or PostgreSQL. They never connect; the server names only have to parse.
/// </summary>
public static class DesignTimeDatabase
{
    public static readonly ModuleDatabaseOptions SqlServer = new()
    {
        Provider = DatabaseProvider.SqlServer,
        ConnectionString = "Server=(design-time);Database=Shop;Integrated Security=true;TrustServerCertificate=true",
    };

    public static readonly ModuleDatabaseOptions PostgreSql = new()
    {
        Provider = DatabaseProvider.PostgreSql,
        ConnectionString = "Host=design-time;Database=shop",
    };

    /// <summary>The database of `dotnet ef ... -- --provider PostgreSql` (SQL Server without the argument).</summary>
    public static ModuleDatabaseOptions From(string[] args)
    {
        var at = Array.IndexOf(args, "--provider");
        var name = at >= 0 && at + 1 < args.Length ? args[at + 1] : nameof(DatabaseProvider.SqlServer);
        return name.ToUpperInvariant() switch
        {
            "SQLSERVER" => SqlServer,
            "POSTGRESQL" => PostgreSql,
            _ => throw new ArgumentException($"--provider {name}: migrations are kept for SqlServer and PostgreSql only; SQLite is created from the model."),
        };
    }
}

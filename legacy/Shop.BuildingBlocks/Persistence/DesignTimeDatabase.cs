namespace Shop.BuildingBlocks.Persistence;

/// <summary>
/// The database design-time tools (migrations, script generation) target. They never connect:
/// the server name only has to parse.
/// </summary>
public static class DesignTimeDatabase
{
    public static readonly ModuleDatabaseOptions SqlServer = new()
    {
        Provider = DatabaseProvider.SqlServer,
        ConnectionString = "Server=(design-time);Database=Shop;Integrated Security=true;TrustServerCertificate=true",
    };
}

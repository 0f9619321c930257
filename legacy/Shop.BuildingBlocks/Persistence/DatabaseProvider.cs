namespace Shop.BuildingBlocks.Persistence;

/// <summary>The relational engines a module database can run on.</summary>
public enum DatabaseProvider
{
    /// <summary>The default: a single file, nothing to install.</summary>
    Sqlite,

    /// <summary>Runs its own checked-in migrations, like SQL Server.</summary>
    PostgreSql,

    /// <summary>The production target; runs its checked-in migrations.</summary>
    SqlServer,
}

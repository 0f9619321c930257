namespace Shop.BuildingBlocks.Persistence;

/// <summary>The relational engines a module database can run on.</summary>
public enum DatabaseProvider
{
    /// <summary>The default: a single file, nothing to install.</summary>
    Sqlite,

    PostgreSql,

    /// <summary>The production target; the only one with checked-in migrations.</summary>
    SqlServer,
}

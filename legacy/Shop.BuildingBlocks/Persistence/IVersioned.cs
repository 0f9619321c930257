namespace Shop.BuildingBlocks.Persistence;

/// <summary>
/// A row with an optimistic concurrency token. <see cref="ModuleDbContext"/> bumps the version on every
/// update and the database rejects an update whose version is stale (answered as 409 Conflict).
/// </summary>
public interface IVersioned
{
    int Version { get; }
}

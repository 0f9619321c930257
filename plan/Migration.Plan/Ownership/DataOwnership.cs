namespace Plan;

/// <summary>Who holds the authoritative copy of a module's data.</summary>
public enum DataOwner
{
    /// <summary>The monolith's database.</summary>
    Legacy,

    /// <summary>The extracted service's database.</summary>
    Service,
}

/// <summary>Which way a module's changes flow: from its data owner to the other side.</summary>
public enum SyncDirection
{
    /// <summary>The monolith owns the data (legacy, shadow, canary): its changes flow to the service.</summary>
    LegacyToService,

    /// <summary>The service owns the data (extracted): its changes flow back, so a move back loses no write.</summary>
    ServiceToLegacy,

    /// <summary>Retired: the monolith's copy no longer follows (the service keeps logging its changes).</summary>
    None,
}

/// <summary>
/// The one rule of who owns a module's data at each stage, and so which way DataSync runs and which
/// stage changes move the owner. Routing, DataSync, the fence and the docs all follow it.
/// </summary>
public static class DataOwnership
{
    public static DataOwner OwnerAt(Stage stage) => stage >= Stage.Extracted ? DataOwner.Service : DataOwner.Legacy;

    public static SyncDirection DirectionAt(Stage stage) => stage switch
    {
        Stage.Retired => SyncDirection.None,
        Stage.Extracted => SyncDirection.ServiceToLegacy,
        _ => SyncDirection.LegacyToService,
    };

    /// <summary>The direction that carries the owner's changes to the other side, before a move lets the other side own them.</summary>
    public static SyncDirection DrainingFrom(DataOwner owner) => owner == DataOwner.Legacy ? SyncDirection.LegacyToService : SyncDirection.ServiceToLegacy;
}

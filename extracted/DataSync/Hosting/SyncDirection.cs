using Plan;

namespace DataSync.Hosting;

/// <summary>Which way changes flow for a module: from its data owner to the other side.</summary>
public enum SyncDirection
{
    /// <summary>The monolith owns the data (legacy, shadow, canary): its changes flow to the service.</summary>
    LegacyToService,

    /// <summary>The service owns the data (extracted): its changes flow back, so a rollback loses no write.</summary>
    ServiceToLegacy,

    /// <summary>Retired: the monolith's copy is no longer kept.</summary>
    None,
}

public static class SyncDirections
{
    public static SyncDirection For(Stage stage) => stage switch
    {
        Stage.Extracted => SyncDirection.ServiceToLegacy,
        Stage.Retired => SyncDirection.None,
        _ => SyncDirection.LegacyToService,
    };
}

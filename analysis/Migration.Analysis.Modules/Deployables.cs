namespace Migration.Analysis.Modules;

/// <summary>The deployables every plan has, besides each extracted module's own service.</summary>
public static class Deployables
{
    /// <summary>The monolith.</summary>
    public const string Legacy = "legacy";

    /// <summary>Where shared modules are: every deployable carries a copy.</summary>
    public const string Shared = "shared";
}

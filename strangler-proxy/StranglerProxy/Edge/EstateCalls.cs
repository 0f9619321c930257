namespace StranglerProxy.Edge;

/// <summary>The kinds of the estate's own endpoints the front door knows (route metadata <see cref="Routing.ProxyConfigFactory.InternalMetadataKey"/>).</summary>
internal static class EstateCalls
{
    /// <summary>A module's facade: the monolith's calls through the front door, with the service key.</summary>
    public const string Facade = "facade";

    /// <summary>Never served through the front door (event inboxes, DataSync).</summary>
    public const string Never = "never";
}

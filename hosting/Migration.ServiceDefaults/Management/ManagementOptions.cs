namespace ServiceDefaults.Management;

/// <summary>
/// "Management": where a host serves what is for its operators, not its clients (metrics, the OpenAPI
/// document, readiness with details, the proxy's admin API and dashboard).
/// </summary>
public sealed record ManagementOptions
{
    public const string SectionName = "Management";

    /// <summary>The management port; 0 (the default) takes a free one, written to the log at start.</summary>
    public int Port { get; init; }

    /// <summary>
    /// The address it listens on: loopback by default, so only the machine itself reaches it. "*" listens on
    /// every interface (in a container, where the platform's probes and scrapes come from outside).
    /// </summary>
    public string Address { get; init; } = "127.0.0.1";
}

namespace ServiceDefaults.Management;

/// <summary>
/// Endpoint metadata: the endpoint answers on the public port and on the management port alike (an
/// operator's page a host chose to publish, which its operators still open where they always do).
/// </summary>
public sealed class EveryPort
{
    public static readonly EveryPort Instance = new();

    private EveryPort()
    {
    }
}

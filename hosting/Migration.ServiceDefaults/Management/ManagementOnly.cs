namespace ServiceDefaults.Management;

/// <summary>Endpoint metadata: the endpoint answers on the management port only (404 on the public port).</summary>
public sealed class ManagementOnly
{
    public static readonly ManagementOnly Instance = new();

    private ManagementOnly()
    {
    }
}

namespace ServiceDefaults.Management;

/// <summary>The connection feature that marks a connection accepted on the management port.</summary>
internal sealed class ManagementConnection
{
    public static readonly ManagementConnection Instance = new();

    private ManagementConnection()
    {
    }
}

using System.Net;
using System.Net.Sockets;

namespace Testing.Support;

/// <summary>
/// Ports for servers whose address others must know before they start. Taken from below the kernel's
/// ephemeral range, so the outgoing connections and port-0 listeners of everything else running (other
/// test processes, the Aspire orchestrator) cannot take one between the probe here and the bind.
/// </summary>
public static class LoopbackPorts
{
    private const int Floor = 20_000;

    public static int Free()
    {
        var ceiling = EphemeralRangeStart();
        if (ceiling - Floor < 1_000)
        {
            return Probe(0);
        }

        for (var attempt = 0; attempt < 200; attempt++)
        {
            var candidate = Random.Shared.Next(Floor, ceiling);
            if (Probe(candidate) is var port and > 0)
            {
                return port;
            }
        }

        return Probe(0);
    }

    /// <summary>Binds the port for a moment: its number when it was free, else 0.</summary>
    private static int Probe(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        catch (SocketException)
        {
            return 0;
        }
    }

    /// <summary>The first port the kernel hands out on its own (Linux: ip_local_port_range); elsewhere the IANA default.</summary>
    private static int EphemeralRangeStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        return File.Exists(range) && int.TryParse(File.ReadAllText(range).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], out var start)
            ? start
            : 49_152;
    }
}

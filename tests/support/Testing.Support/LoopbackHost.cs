using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Testing.Support;

/// <summary>
/// A real host of <typeparamref name="TEntryPoint"/> on Kestrel at 127.0.0.1 with a dynamic port, with
/// the given settings layered over its configuration (and a dynamic port unless one is given). Start it with <see cref="Start"/>.
/// </summary>
public sealed class LoopbackHost<TEntryPoint>(IReadOnlyDictionary<string, string?> settings, int port = 0) : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    /// <summary>A port that is free now, for a host other hosts must know the address of before it starts.</summary>
    public static int FreePort() => LoopbackPorts.Free();

    public LoopbackHost<TEntryPoint> Start()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        StartServer();
        ClientOptions.BaseAddress = ManagementAddresses.PublicOf(Services);
        return this;
    }

    /// <summary>The base address clients and other hosts use to reach it.</summary>
    public Uri Address => ClientOptions.BaseAddress;

    /// <summary>Where its management endpoints answer (metrics, readiness, OpenAPI, the proxy's admin API and dashboard).</summary>
    public Uri ManagementAddress => ManagementAddresses.Of(Services);

    /// <summary>A client of its management port.</summary>
    public HttpClient CreateManagementClient() => new() { BaseAddress = ManagementAddress };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

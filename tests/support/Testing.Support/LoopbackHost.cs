using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Testing.Support;

/// <summary>
/// A real host of <typeparamref name="TEntryPoint"/> on Kestrel at 127.0.0.1 with a dynamic port, with
/// the given settings layered over its configuration. Start it with <see cref="Start"/>.
/// </summary>
public sealed class LoopbackHost<TEntryPoint>(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    public LoopbackHost<TEntryPoint> Start()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        return this;
    }

    /// <summary>The base address clients and other hosts use to reach it.</summary>
    public Uri Address => ClientOptions.BaseAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

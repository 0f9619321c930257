using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace ServiceDefaults.Management;

/// <summary>
/// The host's management listener: a second Kestrel endpoint whose connections are marked, so endpoints
/// marked <see cref="ManagementOnly"/> answer there and nowhere else. Marking the connection, not reading
/// the Host header or the port number, means a client on the public port cannot talk its way in.
/// </summary>
public sealed class ManagementPort
{
    private ListenOptions? _listener;

    /// <summary>
    /// Whether the host has a management listener. Under an in-memory test server there is no network and
    /// no listener, and every endpoint answers.
    /// </summary>
    public bool Separate => _listener is not null;

    /// <summary>Where the management endpoints answer, once the host has started (null before, or without a listener).</summary>
    public Uri? Address => _listener?.IPEndPoint is { Port: > 0 } bound
        ? new Uri($"http://{(IsAny(bound.Address) ? IPAddress.Loopback : bound.Address)}:{bound.Port}")
        : null;

    /// <summary>The addresses the host serves its clients on, once started: every bound address but the management port's.</summary>
    public IReadOnlyList<string> PublicAddresses(IServer server) =>
        [.. (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            .Where(address => Address is not { } management || !Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Port != management.Port)];

    /// <summary>Whether the request came in on a management port separate from the public one.</summary>
    public bool IsOnlyForManagement(HttpContext context) =>
        Separate && context.Features.Get<ManagementConnection>() is not null;

    /// <summary>Whether the request came in on the management port (always, when there is none).</summary>
    public bool IsManagementRequest(HttpContext context) =>
        !Separate || context.Features.Get<ManagementConnection>() is not null;

    /// <summary>
    /// Adds the management listener to Kestrel. Kestrel binds either its own endpoints or the host's URLs,
    /// never both, so URLs given the usual way (ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS, --urls) become
    /// Kestrel endpoints first: the public port stays where it was configured.
    /// </summary>
    internal void Open(IServer server, KestrelServerOptions kestrel, ManagementOptions options, IConfiguration configuration)
    {
        if (server.Features.Get<IServerAddressesFeature>() is not { } addresses)
        {
            return;
        }

        if (addresses.Addresses.Count > 0 && !addresses.PreferHostingUrls && !configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            foreach (var url in addresses.Addresses)
            {
                ListenOn(kestrel, url);
            }

            addresses.Addresses.Clear();
        }

        Action<ListenOptions> mark = listen =>
        {
            listen.Use(next => connection =>
            {
                connection.Features.Set(ManagementConnection.Instance);
                return next(connection);
            });
            _listener = listen;
        };
        if (options.Address is "*" or "+")
        {
            kestrel.ListenAnyIP(options.Port, mark);
        }
        else if (IPAddress.TryParse(options.Address, out var address))
        {
            kestrel.Listen(address, options.Port, mark);
        }
        else
        {
            throw new InvalidOperationException(
                $"configuration: {ManagementOptions.SectionName}:Address: '{options.Address}' is not an IP address or \"*\".");
        }
    }

    private static void ListenOn(KestrelServerOptions kestrel, string url)
    {
        var address = BindingAddress.Parse(url);
        Action<ListenOptions> scheme = string.Equals(address.Scheme, "https", StringComparison.OrdinalIgnoreCase)
            ? listen => listen.UseHttps()
            : _ => { };
        if (address.IsUnixPipe)
        {
            kestrel.ListenUnixSocket(address.UnixPipePath, scheme);
        }
        else if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(address.Port, scheme);
        }
        else if (IPAddress.TryParse(address.Host, out var ip))
        {
            kestrel.Listen(ip, address.Port, scheme);
        }
        else
        {
            // "*", "+" or a host name: every interface, as Kestrel binds them.
            kestrel.ListenAnyIP(address.Port, scheme);
        }
    }

    private static bool IsAny(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);
}

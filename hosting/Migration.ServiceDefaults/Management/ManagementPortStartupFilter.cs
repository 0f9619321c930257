using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ServiceDefaults.Management;

/// <summary>
/// Opens the management listener when the host starts: after the host has read its URLs (so they can be
/// kept) and before Kestrel binds.
/// </summary>
internal sealed partial class ManagementPortStartupFilter(
    ManagementPort port, IServer server, IOptions<KestrelServerOptions> kestrel, IOptions<ManagementOptions> options,
    IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<ManagementPort> logger) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        port.Open(server, kestrel.Value, options.Value, configuration);
        if (port.Separate)
        {
            lifetime.ApplicationStarted.Register(() => LogManagement(logger, port.Address));
        }

        next(app);
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Management endpoints (metrics, OpenAPI, readiness, admin) on: {Address}")]
    private static partial void LogManagement(ILogger logger, Uri? address);
}

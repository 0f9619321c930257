using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using ServiceDefaults.Management;

namespace Testing.Support;

/// <summary>The addresses of a started test host: its management port's, and its public port's (where its clients go).</summary>
public static class ManagementAddresses
{
    /// <summary>The public address (the client a host factory makes would otherwise pick whichever Kestrel bound last).</summary>
    public static Uri PublicOf(IServiceProvider services) =>
        new(services.GetRequiredService<ManagementPort>().PublicAddresses(services.GetRequiredService<IServer>()).First());

    public static Uri Of(IServiceProvider services) =>
        services.GetRequiredService<ManagementPort>().Address ?? throw new InvalidOperationException("The host has no management listener (not started on Kestrel?).");
}

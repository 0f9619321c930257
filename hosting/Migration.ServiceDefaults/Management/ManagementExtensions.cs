using Microsoft.AspNetCore.Builder;

namespace ServiceDefaults.Management;

public static class ManagementExtensions
{
    /// <summary>The endpoints answer on the management port only; on the public port they do not exist.</summary>
    public static TBuilder OnManagementPort<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ManagementOnly.Instance);

    /// <summary>The endpoints answer on the public port and on the management port too (by default only the first).</summary>
    public static TBuilder OnEveryPort<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(EveryPort.Instance);
}

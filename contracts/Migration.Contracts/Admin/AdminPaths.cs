namespace Contracts.Admin;

/// <summary>Where the proxy's admin API answers: the routes it maps and the paths a client asks, from one place.</summary>
public static class AdminPaths
{
    public const string Root = "/migration/api";

    public const string Status = "/status";
    public const string Audit = "/audit";
    public const string ModuleStage = "/modules/{module}/stage";
    public const string ModuleAudit = "/modules/{module}/audit";
    public const string ModuleShadow = "/modules/{module}/shadow";

    /// <summary>A path relative to <see cref="Root"/> (no leading slash), for a client whose base address is the root.</summary>
    public static string Relative(string route, string? module = null) =>
        (module is null ? route : route.Replace("{module}", Uri.EscapeDataString(module), StringComparison.Ordinal)).TrimStart('/');
}

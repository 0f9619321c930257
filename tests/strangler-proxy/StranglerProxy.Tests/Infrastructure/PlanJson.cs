using System.Text.Json;

namespace StranglerProxy.Tests.Infrastructure;

/// <summary>Writes plans for tests: modules with a route each, at the stage a test needs.</summary>
public static class PlanJson
{
    public const string Legacy = "legacy";

    public static string With(params ModuleSpec[] modules) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["legacy"] = new { service = Legacy },
        ["modules"] = modules.ToDictionary(
            m => m.Name,
            m => (object)new Dictionary<string, object?>
            {
                ["routes"] = new[] { $"/api/{m.Name}/{{**rest}}" },
                ["service"] = m.Service,
                ["stage"] = m.Stage,
                ["canary"] = m.Percent is { } percent ? new { percent, stickyBy = m.StickyBy } : null,
                ["rollback"] = m.Rollback,
                ["shadow"] = m.Shadow,
                ["tables"] = m.Tables,
            }.Where(p => p.Value is not null).ToDictionary()),
    }, new JsonSerializerOptions { WriteIndented = true });
}

public sealed record ModuleSpec(string Name, string Service, string Stage, double? Percent = null, string StickyBy = "header:X-User-Id")
{
    /// <summary>The module's "rollback" object, or null for the plan's defaults.</summary>
    public object? Rollback { get; init; }

    /// <summary>The module's "shadow" object, or null for the defaults.</summary>
    public object? Shadow { get; init; }

    /// <summary>The module's "tables" object; a module with tables is fenced when its data owner changes.</summary>
    public object? Tables { get; init; }
}

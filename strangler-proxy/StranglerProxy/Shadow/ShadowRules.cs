using System.Runtime.CompilerServices;

namespace StranglerProxy.Shadow;

/// <summary>A module's shadow plan, compiled once per plan: methods, route templates and JSON path patterns.</summary>
internal sealed class ShadowRules
{
    private static readonly ConditionalWeakTable<ShadowPlan, ShadowRules> Compiled = [];

    private readonly HashSet<string> _methods;
    private readonly RouteTemplate[] _routes;

    private ShadowRules(ShadowPlan plan)
    {
        Plan = plan;
        _methods = new HashSet<string>(plan.Methods, StringComparer.OrdinalIgnoreCase);
        _routes = [.. plan.Routes.Select(r => new RouteTemplate(r))];
        Ignore = [.. plan.Ignore.Select(JsonPathPattern.Parse)];
        Unordered = [.. plan.UnorderedArrays.Select(JsonPathPattern.Parse)];
        Redact = [.. plan.Redact.Select(JsonPathPattern.Parse)];
    }

    public static ShadowRules For(ShadowPlan plan) => Compiled.GetValue(plan, static p => new ShadowRules(p));

    public ShadowPlan Plan { get; }

    public JsonPathPattern[] Ignore { get; }

    public JsonPathPattern[] Unordered { get; }

    public JsonPathPattern[] Redact { get; }

    public bool IsIgnored(IReadOnlyList<object> path) => Covered(Ignore, path);

    public bool IsUnordered(IReadOnlyList<object> path) => Covered(Unordered, path);

    public bool IsRedacted(IReadOnlyList<object> path) => Covered(Redact, path);

    /// <summary>The route a request is reported under, or null when the request is not mirrored.</summary>
    public string? RouteOf(string method, string path)
    {
        if (!_methods.Contains(method))
        {
            return null;
        }

        if (_routes.Length == 0)
        {
            return $"{method} {RouteTemplate.Generalize(path)}";
        }

        foreach (var route in _routes)
        {
            if (route.Matches(path))
            {
                return $"{method} {route.Text}";
            }
        }

        return null;
    }

    private static bool Covered(JsonPathPattern[] patterns, IReadOnlyList<object> path)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.Covers(path))
            {
                return true;
            }
        }

        return false;
    }
}

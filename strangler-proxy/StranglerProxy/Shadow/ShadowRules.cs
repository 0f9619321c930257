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
        AnswerHeaders = [.. plan.Headers.Append("Content-Type").Append("Content-Encoding").Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    public static ShadowRules For(ShadowPlan plan) => Compiled.GetValue(plan, static p => new ShadowRules(p));

    public ShadowPlan Plan { get; }

    public JsonPathPattern[] Ignore { get; }

    public JsonPathPattern[] Unordered { get; }

    public JsonPathPattern[] Redact { get; }

    /// <summary>The answer's headers a comparison reads: the plan's, and those that say how to read the body.</summary>
    public IReadOnlyList<string> AnswerHeaders { get; }

    public bool IsIgnored(IReadOnlyList<object> path) => Covered(Ignore, path);

    public bool IsUnordered(IReadOnlyList<object> path) => Covered(Unordered, path);

    public bool IsRedacted(IReadOnlyList<object> path) => Covered(Redact, path);

    /// <summary>
    /// Whether the request is mirrored, and the plan's route template it matched (none when the plan lists
    /// no routes). Called on the request path: it allocates nothing.
    /// </summary>
    public bool Mirrors(string method, string path, out RouteTemplate? template)
    {
        template = null;
        if (!_methods.Contains(method))
        {
            return false;
        }

        if (_routes.Length == 0)
        {
            return true;
        }

        foreach (var route in _routes)
        {
            if (route.Matches(path))
            {
                template = route;
                return true;
            }
        }

        return false;
    }

    /// <summary>The route a mirrored request is reported under: its template, or its path with identifiers generalised.</summary>
    public static string RouteKey(string method, string path, RouteTemplate? template) =>
        $"{method} {template?.Text ?? RouteTemplate.Generalize(path)}";

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

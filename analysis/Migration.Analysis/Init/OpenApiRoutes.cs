using System.Text.Json;

namespace Migration.Analysis.Init;

/// <summary>
/// The routes of each module from an OpenAPI document: an operation belongs to the module its first tag
/// names, else to the module a segment of its path names ("/api/catalog/products" -> catalog). Each
/// module's routes are the shortest path prefixes that hold its operations and no other module's.
/// </summary>
public static class OpenApiRoutes
{
    /// <summary>The operations of an OpenAPI document: each path with the tags of each of its operations.</summary>
    /// <exception cref="AnalysisException">The document is not JSON or has no paths.</exception>
    public static IReadOnlyList<(string Path, IReadOnlyList<string> Tags)> Read(string document, string source) => Operations(document, source);

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Assign(IReadOnlyList<(string Path, IReadOnlyList<string> Tags)> operations, string source, IReadOnlyList<string> modules, List<string> notes)
    {
        var byModule = new Dictionary<string, List<string[]>>(StringComparer.Ordinal);
        var unassigned = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (path, tags) in operations)
        {
            var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
            var module = tags.Select(Normalize).FirstOrDefault(tag => modules.Contains(tag, StringComparer.Ordinal))
                ?? segments.Select(Normalize).FirstOrDefault(segment => modules.Contains(segment, StringComparer.Ordinal));
            if (module is null)
            {
                unassigned.Add(path);
                continue;
            }

            if (!byModule.TryGetValue(module, out var paths))
            {
                byModule[module] = paths = [];
            }

            paths.Add(segments);
        }

        if (unassigned.Count > 0)
        {
            notes.Add($"{unassigned.Count} path(s) of {source} match no module by tag or path segment, and stay with the monolith: {string.Join(", ", unassigned.Take(5))}{(unassigned.Count > 5 ? ", ..." : "")}.");
        }

        var routes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (module, paths) in byModule)
        {
            var others = byModule.Where(o => o.Key != module).SelectMany(o => o.Value).Concat(unassigned.Select(p => p.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries))).ToList();
            routes[module] = [.. paths.Select(p => Prefix(p, others)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }

        return routes;
    }

    /// <summary>The shortest literal prefix of <paramref name="path"/> no other module's path starts with, as a catch-all route.</summary>
    private static string Prefix(string[] path, List<string[]> others)
    {
        for (var length = 1; length <= path.Length; length++)
        {
            if (path[length - 1].StartsWith('{'))
            {
                break;
            }

            var prefix = path[..length];
            if (length >= Math.Min(2, path.Length) && !others.Any(o => o.Length >= length && o[..length].SequenceEqual(prefix, StringComparer.OrdinalIgnoreCase)))
            {
                return "/" + string.Join('/', prefix) + "/{**rest}";
            }
        }

        // Shared with another module all along: the exact template, with the parameters' constraints dropped.
        return "/" + string.Join('/', path.Select(s => System.Text.RegularExpressions.Regex.Replace(s, @"\{([^}:]+):[^}]*\}", "{$1}")));
    }

    private static List<(string Path, IReadOnlyList<string> Tags)> Operations(string document, string source)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(document);
        }
        catch (JsonException ex)
        {
            throw new AnalysisException($"{source}: not a JSON OpenAPI document ({ex.Message.Split(". ")[0]}).");
        }

        using (json)
        {
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("paths", out var paths) || paths.ValueKind != JsonValueKind.Object)
            {
                throw new AnalysisException($"{source}: not an OpenAPI document (no \"paths\" object).");
            }

            var operations = new List<(string, IReadOnlyList<string>)>();
            foreach (var path in paths.EnumerateObject())
            {
                if (path.Value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Name is not ("parameters" or "servers")))
                {
                    IReadOnlyList<string> tags = operation.Value.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.Array
                        ? [.. list.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!)]
                        : [];
                    operations.Add((path.Name, tags));
                }
            }

            return operations;
        }
    }

    private static string Normalize(string name) => ModuleGuess.PlanName(name);
}

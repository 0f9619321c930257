namespace Plan;

/// <summary>
/// The keys each object of the plan may have, as in migration.schema.json (where every object has
/// "additionalProperties": false; a test holds the two to the same lists).
/// </summary>
public static class PlanKeys
{
    public static readonly IReadOnlyList<string> Root = ["$schema", "legacy", "modules"];
    public static readonly IReadOnlyList<string> Legacy = ["service", "assemblies"];
    public static readonly IReadOnlyList<string> Module = ["role", "implementation", "contracts", "tables", "routes", "service", "stage", "canary", "shadow", "rollback"];
    /// <summary>The keys a shared or host module may have: it is never extracted.</summary>
    public static readonly IReadOnlyList<string> SupportingModule = ["role", "implementation"];
    public static readonly IReadOnlyList<string> Tables = ["schema", "prefix", "names"];
    public static readonly IReadOnlyList<string> Canary = ["percent", "stickyBy"];
    public static readonly IReadOnlyList<string> Rollback = ["maxErrorRate", "window", "minRequests"];
    public static readonly IReadOnlyList<string> Shadow = ["methods", "routes", "headers", "ignore", "unorderedArrays", "numericTolerance", "noiseFilter", "redact", "promotion"];
    public static readonly IReadOnlyList<string> Promotion = ["minComparisons", "maxMismatchRate", "minComparisonsPerRoute"];

    /// <summary>The known key within two edits of <paramref name="key"/>, if any (case aside): the likely typo.</summary>
    public static string? Nearest(string key, IReadOnlyList<string> known) =>
        known.Select(candidate => (candidate, distance: Distance(key.ToLowerInvariant(), candidate.ToLowerInvariant())))
            .Where(c => c.distance <= 2)
            .OrderBy(c => c.distance)
            .Select(c => c.candidate)
            .FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}

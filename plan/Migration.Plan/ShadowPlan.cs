namespace Plan;

/// <summary>
/// How a module in shadow is compared: which safe requests are mirrored to the extracted service, and
/// what of the two answers counts. JSON paths start at "$" ("$.items[*].price", "$..email").
/// </summary>
public sealed record ShadowPlan
{
    public static ShadowPlan Default { get; } = new();

    /// <summary>Safe methods whose requests are mirrored.</summary>
    public IReadOnlyList<string> Methods { get; init; } = ["GET"];

    /// <summary>Route patterns ("/api/catalog/products/{id}") mirrored and reported one by one; none means every route of the module.</summary>
    public IReadOnlyList<string> Routes { get; init; } = [];

    /// <summary>Response headers that must be equal, besides the status.</summary>
    public IReadOnlyList<string> Headers { get; init; } = ["Content-Type"];

    /// <summary>JSON paths left out of the comparison.</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];

    /// <summary>JSON paths of arrays whose order does not matter ("$" for every array).</summary>
    public IReadOnlyList<string> UnorderedArrays { get; init; } = [];

    /// <summary>Numbers closer than this are equal.</summary>
    public double NumericTolerance { get; init; }

    /// <summary>Ask the monolith twice: fields that differ between its own two answers are noise, not mismatches.</summary>
    public bool NoiseFilter { get; init; }

    /// <summary>JSON paths whose values never appear in a reported difference (besides Authorization and Cookie headers).</summary>
    public IReadOnlyList<string> Redact { get; init; } = [];

    /// <summary>What shadowing must show before the module may move to canary.</summary>
    public PromotionPlan Promotion { get; init; } = PromotionPlan.Default;
}

/// <summary>
/// The promotion gate: at least <see cref="MinComparisons"/> comparisons in all, and no route worse than
/// <see cref="MaxMismatchRate"/>: a route is judged on its own rate once it has <see cref="MinComparisonsPerRoute"/>
/// comparisons, and before that any failure on it keeps the gate shut. So a flood of cheap matches on one route
/// cannot hide another route's mismatches.
/// </summary>
public sealed record PromotionPlan(int MinComparisons, double MaxMismatchRate, int MinComparisonsPerRoute = PromotionPlan.DefaultMinComparisonsPerRoute)
{
    public const int DefaultMinComparisonsPerRoute = 10;

    public static PromotionPlan Default { get; } = new(100, 0.01);
}

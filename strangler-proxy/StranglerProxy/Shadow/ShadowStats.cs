using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using Plan.Transitions;
using StranglerProxy.Plan;
using StranglerProxy.Store;

namespace StranglerProxy.Shadow;

/// <summary>
/// What shadowing found, per module and route, since the module last entered shadow (or since an
/// operator reset it): comparisons, matches, mismatches, errors, drops, noise, and the last mismatches
/// with their differences. The promotion gate reads it.
/// </summary>
internal sealed class ShadowStats : IPromotionGate
{
    public const string OtherRoutes = "(other routes)";

    private readonly ConcurrentDictionary<string, ModuleShadow> _modules = new(StringComparer.Ordinal);
    private readonly ShadowOptions _options;
    private readonly TimeProvider _time;
    private readonly ClusterEvidence _others;

    public ShadowStats(PlanStore plans, IOptions<ShadowOptions> options, TimeProvider time, ClusterEvidence others)
    {
        _options = options.Value;
        _time = time;
        _others = others;
        var previous = plans.Current.Plan;
        plans.Changed += snapshot =>
        {
            // A new shadow period starts with a clean slate: findings about an earlier version of the service say nothing now.
            foreach (var module in snapshot.Plan.Modules.Values)
            {
                if (module.Stage == Stage.Shadow && previous.Modules.GetValueOrDefault(module.Name)?.Stage != Stage.Shadow)
                {
                    Reset(module.Name);
                }
            }

            previous = snapshot.Plan;
        };
    }

    public void Reset(string module) => _modules[module] = new ModuleShadow(_time.GetUtcNow());

    public void Dropped(string module) => Interlocked.Increment(ref Of(module).Dropped);

    /// <summary>Counts a comparison; returns the route it was counted under (<see cref="OtherRoutes"/> past the limit).</summary>
    public string Record(string module, string route, Comparison comparison, MismatchRecord? mismatch) =>
        Of(module).Record(route, comparison, mismatch, _options);

    /// <inheritdoc cref="Record"/>
    public string RecordError(string module, string route, ErrorRecord error) => Of(module).RecordError(route, error, _options);

    /// <summary>
    /// The full report: totals and the gate's verdict (over every replica sharing the plan store), and every
    /// route with its last mismatches and errors (as this replica saw them).
    /// </summary>
    public ShadowReport Report(ModulePlan module)
    {
        var shadow = Of(module.Name);
        var totals = Totals(module.Name);
        return new ShadowReport(module.Name, module.Stage.ToPlanName(), totals.Since, totals.Compared, totals.Matched, totals.Mismatched,
            totals.Errors, totals.Dropped, totals.MismatchRate, Gate(module, totals), shadow.Routes());
    }

    /// <summary>The module's counts since its shadow period began, on every replica sharing the plan store (here alone with a plan file).</summary>
    public ShadowTotals Totals(string module) => LocalTotals(module).Add(_others.ShadowOf(module));

    /// <summary>This replica's own counts, which it reports to the others.</summary>
    public ShadowTotals LocalTotals(string module) => Of(module).Totals();

    /// <summary>Whether the module has shown enough matching comparisons to move on to canary, and why not.</summary>
    public GateDecision Gate(ModulePlan module) => Gate(module, Totals(module.Name));

    /// <summary>The gate as the transition engine asks it; from legacy, the way to the evidence is shadow.</summary>
    GateDecision IPromotionGate.Check(ModulePlan module) => Gate(module) is { Passed: false } closed && module.Stage == Stage.Legacy
        ? closed with { Reason = $"{closed.Reason} Put the module in shadow first." }
        : Gate(module);

    /// <summary>
    /// The promotion gate's rule: enough comparisons in all; no more failures in all than allowed; no route judged
    /// on its own (with <see cref="PromotionPlan.MinComparisonsPerRoute"/> comparisons or more) over the rate either,
    /// the worst one deciding; and no failure on a route with too few comparisons to weigh it. Cheap matches on one
    /// route therefore never outvote another route's mismatches.
    /// </summary>
    public static GateDecision Gate(ModulePlan module, ShadowTotals totals)
    {
        var promotion = module.Shadow.Promotion;
        var (compared, failed, since) = (totals.Compared, totals.Failed, totals.Since);
        if (compared < promotion.MinComparisons)
        {
            return new GateDecision(false, string.Create(CultureInfo.InvariantCulture,
                $"Only {compared} comparison(s) of {module.Name} since {since:u}; the promotion gate needs at least {promotion.MinComparisons} (plan: shadow.promotion.minComparisons)."));
        }

        var rate = totals.MismatchRate;
        if (rate > promotion.MaxMismatchRate)
        {
            return new GateDecision(false, string.Create(CultureInfo.InvariantCulture,
                $"{failed} of {compared} comparison(s) of {module.Name} mismatched or failed ({rate:P2}), over the {promotion.MaxMismatchRate:P2} the promotion gate allows (plan: shadow.promotion.maxMismatchRate)."));
        }

        var routes = totals.Routes.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        var worst = routes.Where(r => r.Value.Compared >= promotion.MinComparisonsPerRoute).OrderByDescending(r => r.Value.Rate).FirstOrDefault();
        if (worst.Value is { } judged && judged.Rate > promotion.MaxMismatchRate)
        {
            return new GateDecision(false, string.Create(CultureInfo.InvariantCulture,
                $"{judged.Failed} of {judged.Compared} comparison(s) of {worst.Key} mismatched or failed ({judged.Rate:P2}), over the {promotion.MaxMismatchRate:P2} the promotion gate allows on any route (plan: shadow.promotion.maxMismatchRate); {module.Name} as a whole: {failed} of {compared} ({rate:P2})."));
        }

        if (routes.FirstOrDefault(r => r.Value.Compared < promotion.MinComparisonsPerRoute && r.Value.Failed > 0) is { Value: { } unproven } route)
        {
            return new GateDecision(false, string.Create(CultureInfo.InvariantCulture,
                $"{unproven.Failed} of {unproven.Compared} comparison(s) of {route.Key} mismatched or failed; a route needs at least {promotion.MinComparisonsPerRoute} comparisons before a failure on it can be weighed (plan: shadow.promotion.minComparisonsPerRoute)."));
        }

        var worstSaid = worst.Value is { } best ? string.Create(CultureInfo.InvariantCulture, $"; the worst route judged, {worst.Key}, at {best.Rate:P2}") : "";
        return new GateDecision(true, string.Create(CultureInfo.InvariantCulture,
            $"{failed} of {compared} comparison(s) of {module.Name} mismatched or failed ({rate:P2}){worstSaid}, within the {promotion.MaxMismatchRate:P2} allowed."));
    }

    private ModuleShadow Of(string module) => _modules.GetOrAdd(module, static (_, now) => new ModuleShadow(now), _time.GetUtcNow());

    private sealed class ModuleShadow(DateTimeOffset since)
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, RouteShadow> _routes = new(StringComparer.Ordinal);
        public long Dropped;

        public string Record(string route, Comparison comparison, MismatchRecord? mismatch, ShadowOptions options)
        {
            lock (_gate)
            {
                var (key, stats) = Route(route, options);
                stats.Compared++;
                foreach (var noise in comparison.Noise.Take(50 - stats.Noise.Count))
                {
                    stats.Noise.Add(noise);
                }

                if (comparison.Matched)
                {
                    stats.Matched++;
                    return key;
                }

                stats.Mismatched++;
                Keep(stats.LastMismatches, mismatch!, options.LastMismatches);
                return key;
            }
        }

        public string RecordError(string route, ErrorRecord error, ShadowOptions options)
        {
            lock (_gate)
            {
                var (key, stats) = Route(route, options);
                stats.Compared++;
                stats.Errors++;
                Keep(stats.LastErrors, error, options.LastMismatches);
                return key;
            }
        }

        public ShadowTotals Totals()
        {
            lock (_gate)
            {
                return new ShadowTotals(since, _routes.Values.Sum(r => r.Compared), _routes.Values.Sum(r => r.Matched),
                    _routes.Values.Sum(r => r.Mismatched), _routes.Values.Sum(r => r.Errors), Interlocked.Read(ref Dropped))
                {
                    Routes = _routes.ToDictionary(r => r.Key, r => new RouteTotals(r.Value.Compared, r.Value.Mismatched + r.Value.Errors), StringComparer.Ordinal),
                };
            }
        }

        public List<RouteReport> Routes()
        {
            lock (_gate)
            {
                return _routes
                    .OrderBy(r => r.Key, StringComparer.Ordinal)
                    .Select(r => new RouteReport(r.Key, r.Value.Compared, r.Value.Matched, r.Value.Mismatched, r.Value.Errors,
                        [.. r.Value.Noise.Order(StringComparer.Ordinal)], [.. r.Value.LastMismatches.Reverse()], [.. r.Value.LastErrors.Reverse()]))
                    .ToList();
            }
        }

        private (string Key, RouteShadow Stats) Route(string route, ShadowOptions options)
        {
            if (!_routes.TryGetValue(route, out var stats))
            {
                if (_routes.Count >= options.MaxRoutes)
                {
                    route = OtherRoutes;
                }

                if (!_routes.TryGetValue(route, out stats))
                {
                    _routes[route] = stats = new RouteShadow();
                }
            }

            return (route, stats);
        }

        private static void Keep<T>(Queue<T> last, T item, int capacity)
        {
            last.Enqueue(item);
            while (last.Count > capacity)
            {
                last.Dequeue();
            }
        }
    }

    private sealed class RouteShadow
    {
        public long Compared;
        public long Matched;
        public long Mismatched;
        public long Errors;
        public readonly HashSet<string> Noise = new(StringComparer.Ordinal);
        public readonly Queue<MismatchRecord> LastMismatches = new();
        public readonly Queue<ErrorRecord> LastErrors = new();
    }
}

/// <summary>A module's counts in its current shadow period; failed (mismatched or errors) over compared is the mismatch rate.</summary>
internal sealed record ShadowTotals(DateTimeOffset Since, long Compared, long Matched, long Mismatched, long Errors, long Dropped)
{
    public double MismatchRate => Compared == 0 ? 0 : (double)Failed / Compared;

    /// <summary>The comparisons that count against the service: mismatched, or not answered by it.</summary>
    public long Failed => Mismatched + Errors;

    /// <summary>The same counts per route (comparisons, and those mismatched or failed), which the gate weighs one by one.</summary>
    public IReadOnlyDictionary<string, RouteTotals> Routes { get; init; } = new Dictionary<string, RouteTotals>(StringComparer.Ordinal);

    /// <summary>These counts and another replica's (or several others', summed) together.</summary>
    public ShadowTotals Add(ShadowTotals? other) => other is null ? this : new(
        other.Since < Since ? other.Since : Since, Compared + other.Compared, Matched + other.Matched, Mismatched + other.Mismatched,
        Errors + other.Errors, Dropped + other.Dropped)
    {
        Routes = RouteTotals.Sum(Routes, other.Routes),
    };
}

/// <summary>One route's comparisons in a shadow period, and how many of them mismatched or failed.</summary>
internal sealed record RouteTotals(long Compared, long Failed)
{
    public double Rate => Compared == 0 ? 0 : (double)Failed / Compared;

    public static IReadOnlyDictionary<string, RouteTotals> Sum(params IEnumerable<IReadOnlyDictionary<string, RouteTotals>> sets)
    {
        var sum = new Dictionary<string, RouteTotals>(StringComparer.Ordinal);
        foreach (var (route, totals) in sets.SelectMany(set => set))
        {
            sum[route] = sum.TryGetValue(route, out var before) ? new RouteTotals(before.Compared + totals.Compared, before.Failed + totals.Failed) : totals;
        }

        return sum;
    }
}

using System.Diagnostics.Metrics;
using StranglerProxy.Plan;
using StranglerProxy.Routing;

namespace StranglerProxy.Telemetry;

/// <summary>
/// The proxy's own instruments (meter "StranglerProxy"): requests by module, target and status class,
/// their duration, each module's current stage, and stage flips.
/// </summary>
internal sealed class ProxyMetrics : IDisposable
{
    public const string MeterName = "StranglerProxy";

    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _flips;

    public ProxyMetrics(IMeterFactory meters, PlanStore plans)
    {
        _meter = meters.Create(MeterName);
        _requests = _meter.CreateCounter<long>("migration.proxy.requests", "{request}", "Requests by module, target and status class.");
        _duration = _meter.CreateHistogram<double>("migration.proxy.request.duration", "s", "Time from routing to the end of the response.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _flips = _meter.CreateCounter<long>("migration.proxy.flips", "{flip}", "Stage changes of a module.");
        _meter.CreateObservableGauge("migration.proxy.stage", () => plans.Current.Plan.Modules.Values.Select(m =>
            new Measurement<int>((int)m.Stage, new KeyValuePair<string, object?>("module", m.Name), new KeyValuePair<string, object?>("stage", m.Stage.ToPlanName()))),
            "{stage}", "Current stage per module: 0 legacy, 1 shadow, 2 canary, 3 extracted, 4 retired.");

        var previous = plans.Current.Plan;
        plans.Changed += snapshot =>
        {
            foreach (var module in snapshot.Plan.Modules.Values)
            {
                if (previous.Modules.TryGetValue(module.Name, out var before) && before.Stage != module.Stage)
                {
                    _flips.Add(1,
                        new KeyValuePair<string, object?>("module", module.Name),
                        new KeyValuePair<string, object?>("from", before.Stage.ToPlanName()),
                        new KeyValuePair<string, object?>("to", module.Stage.ToPlanName()));
                }
            }

            previous = snapshot.Plan;
        };
    }

    public void RecordRequest(string module, Target target, int statusCode, TimeSpan elapsed)
    {
        var moduleTag = new KeyValuePair<string, object?>("module", module.Length == 0 ? "(unclaimed)" : module);
        var targetTag = new KeyValuePair<string, object?>("target", target.ToHeaderValue());
        var statusClass = statusCode is >= 100 and < 600 ? StatusClasses[statusCode / 100 - 1] : "other";
        _requests.Add(1, moduleTag, targetTag, new KeyValuePair<string, object?>("status_class", statusClass));
        _duration.Record(elapsed.TotalSeconds, moduleTag, targetTag);
    }

    public void Dispose() => _meter.Dispose();
}

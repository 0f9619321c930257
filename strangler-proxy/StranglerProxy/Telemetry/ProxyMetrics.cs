using System.Diagnostics.Metrics;
using StranglerProxy.Plan;
using StranglerProxy.Routing;

namespace StranglerProxy.Telemetry;

/// <summary>
/// The proxy's own instruments (meter "StranglerProxy"): one histogram of requests by module, target and
/// status class (its count is the request count, so each request costs one measurement), each module's
/// current stage, and stage flips.
/// </summary>
internal sealed class ProxyMetrics : IDisposable
{
    public const string MeterName = "StranglerProxy";

    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    private readonly Meter _meter;
    private readonly Histogram<double> _requests;
    private readonly Counter<long> _flips;

    /// <summary>
    /// HttpClient instruments measure YARP's forwarding a second time (the histogram above has it by
    /// module and target), at several measurements per request: the proxy does not collect them.
    /// </summary>
    public static readonly string[] DroppedInstruments =
    [
        "http.client.request.duration", "http.client.active_requests", "http.client.open_connections",
        "http.client.connection.duration", "http.client.request.time_in_queue",
    ];

    public ProxyMetrics(IMeterFactory meters, PlanStore plans)
    {
        _meter = meters.Create(MeterName);
        _requests = _meter.CreateHistogram<double>("migration.proxy.request.duration", "s",
            "Proxied requests by module, target and status class: time from routing to the end of the response.",
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
        var statusClass = statusCode is >= 100 and < 600 ? StatusClasses[statusCode / 100 - 1] : "other";
        _requests.Record(
            elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("module", module.Length == 0 ? "(unclaimed)" : module),
            new KeyValuePair<string, object?>("target", target.ToHeaderValue()),
            new KeyValuePair<string, object?>("status_class", statusClass));
    }

    public void Dispose() => _meter.Dispose();
}

using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using StranglerProxy.Plan;
using StranglerProxy.Routing;
using StranglerProxy.Safety;

namespace StranglerProxy.Telemetry;

/// <summary>
/// The proxy's telemetry. Requests are measured once, by ASP.NET Core's standard
/// <c>http.server.request.duration</c>, to which the proxy adds its own tags (module, target, status
/// class, and error.type on a 5xx or a client's abort); the meter "StranglerProxy" adds each module's current stage and stage flips.
/// </summary>
internal sealed class ProxyMetrics : IDisposable
{
    public const string MeterName = "StranglerProxy";

    /// <summary>error.type of a request the client abandoned or broke (whatever status YARP then set): no failure of a backend.</summary>
    public const string ClientAborted = "client_aborted";

    /// <summary>
    /// Instruments that cost the proxy one or more measurements per request and add nothing the tagged
    /// request duration does not: HttpClient's measure YARP's forwarding a second time, every request
    /// matches a route of the proxy, the requests in flight (two measurements per request) follow from
    /// the request rate and duration, and Kestrel's memory pool counts every block rented and returned
    /// (six measurements per request). The pool's growth and trimming
    /// (<c>aspnetcore.memory_pool.allocated</c>, <c>.evicted</c>) stay. The proxy does not collect the rest.
    /// </summary>
    public static readonly string[] DroppedInstruments =
    [
        "http.client.request.duration", "http.client.active_requests", "http.client.open_connections",
        "http.client.connection.duration", "http.client.request.time_in_queue", "aspnetcore.routing.match_attempts",
        "http.server.active_requests", "aspnetcore.memory_pool.rented", "aspnetcore.memory_pool.pooled",
    ];

    private const string ErrorTypeTag = "error.type";
    private const string ErrorTypeStartupFilter = "OpenTelemetry.Instrumentation.AspNetCore.Implementation.HttpServerErrorTypeStartupFilter";
    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    private readonly Meter _meter;
    private readonly Counter<long> _flips;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _shadowComparisons;
    private readonly Counter<long> _shadowDropped;

    public ProxyMetrics(IMeterFactory meters, PlanStore plans)
    {
        _meter = meters.Create(MeterName);
        _flips = _meter.CreateCounter<long>("migration.proxy.flips", "{flip}", "Stage changes of a module.");
        _fallbacks = _meter.CreateCounter<long>("migration.proxy.fallbacks", "{request}",
            "Safe requests the monolith served after the extracted service failed them at transport level or had no healthy destination.");
        _shadowComparisons = _meter.CreateCounter<long>("migration.proxy.shadow.comparisons", "{comparison}",
            "Mirrored requests in shadow by outcome: match, mismatch, or error (the extracted service did not answer).");
        _shadowDropped = _meter.CreateCounter<long>("migration.proxy.shadow.dropped", "{request}",
            "Requests not mirrored because the shadow queue was full.");
        _meter.CreateObservableGauge("migration.proxy.stage", () => plans.Current.Plan.Modules.Values.Select(m =>
            new Measurement<int>((int)m.Stage, new KeyValuePair<string, object?>("module", m.Name), new KeyValuePair<string, object?>("stage", m.Stage.ToPlanName()))),
            "{stage}", "Current stage per module: 0 legacy, 1 shadow, 2 canary, 3 extracted, 4 retired.");

        var previous = plans.Current.Plan;
        plans.Changed += snapshot =>
        {
            foreach (var change in StageShift.Between(previous, snapshot.Plan).Where(c => c.StageChanged))
            {
                _flips.Add(1,
                    new KeyValuePair<string, object?>("module", change.Module),
                    new KeyValuePair<string, object?>("from", change.From.ToPlanName()),
                    new KeyValuePair<string, object?>("to", change.To.ToPlanName()));
            }

            previous = snapshot.Plan;
        };
    }

    public void Fallback(string module, string reason) =>
        _fallbacks.Add(1, new KeyValuePair<string, object?>("module", module), new KeyValuePair<string, object?>("reason", reason));

    public void ShadowCompared(string module, string route, string outcome) =>
        _shadowComparisons.Add(1, new KeyValuePair<string, object?>("module", module), new KeyValuePair<string, object?>("route", route),
            new KeyValuePair<string, object?>("outcome", outcome));

    public void ShadowDropped(string module) => _shadowDropped.Add(1, new KeyValuePair<string, object?>("module", module));

    /// <summary>
    /// Tags the request's entry in http.server.request.duration with who served it and the status class,
    /// once the response is known, and a 5xx answer with <c>error.type</c> (its status code), as the
    /// semantic conventions ask and ASP.NET Core 10 does only for exceptions; a request the client aborted
    /// or broke gets <see cref="ClientAborted"/> instead, so it is not taken for a backend's failure.
    /// </summary>
    public static void TagRequest(HttpContext context, string module, Target target, ServiceOutcome outcome)
    {
        if (context.Features.Get<IHttpMetricsTagsFeature>() is not { } metrics)
        {
            return;
        }

        var status = context.Response.StatusCode;
        metrics.Tags.Add(new("migration.module", module.Length == 0 ? "(unclaimed)" : module));
        metrics.Tags.Add(new("migration.target", target.ToHeaderValue()));
        metrics.Tags.Add(new("migration.status_class", status is >= 100 and < 600 ? StatusClasses[status / 100 - 1] : "other"));
        // Answered always has a status below 500: the success path tests nothing more.
        if (outcome != ServiceOutcome.Answered && ErrorType(outcome, status) is { } error && !metrics.Tags.Any(tag => tag.Key == ErrorTypeTag))
        {
            metrics.Tags.Add(new(ErrorTypeTag, error));
        }
    }

    private static string? ErrorType(ServiceOutcome outcome, int status) =>
        outcome == ServiceOutcome.ClientFault ? ClientAborted
        : status is >= 500 and < 600 ? status.ToString(CultureInfo.InvariantCulture)
        : null;

    /// <summary>
    /// OpenTelemetry's ASP.NET Core instrumentation puts a middleware, an async layer, in front of every
    /// request only to tag 5xx answers with <c>error.type</c>. The proxy tags its answers in the layer
    /// it already has (<see cref="TagRequest"/>), so it takes that middleware out. It must run after
    /// AddServiceDefaults, which registers the instrumentation; a test pins that the middleware is gone.
    /// </summary>
    public static void RemoveErrorTypeMiddleware(IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IStartupFilter) && services[i].ImplementationType?.FullName == ErrorTypeStartupFilter)
            {
                services.RemoveAt(i);
            }
        }
    }

    public void Dispose() => _meter.Dispose();
}

using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using StranglerProxy.Routing;
using StranglerProxy.Telemetry;

namespace StranglerProxy.Shadow;

/// <summary>
/// Shadow stage, off the request path: the monolith's answer to a mirrored request is copied as it
/// streams to the client, then the request goes into a bounded queue (full: dropped and counted, the
/// client never waits). Workers send it to the extracted service, compare the answers (asking the
/// monolith once more when they differ and the noise filter is on), and record the outcome.
/// </summary>
internal sealed partial class ShadowMirror(
    IOptions<ShadowOptions> options, ClusterClient clusters, ShadowStats stats, ProxyMetrics metrics, TimeProvider time, ILogger<ShadowMirror> logger)
    : BackgroundService
{
    /// <summary>Sent with every mirrored request, so a service can tell (and its logs show) that nobody waits for the answer.</summary>
    public const string ShadowHeader = "X-Migration-Shadow";

    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Content-Length",
        MigrationHeaders.Target, MigrationHeaders.TesterSecret,
    };

    private static readonly HashSet<string> SensitiveHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie",
    };

    private long _queuedBytes;

    private readonly Channel<ShadowExchange> _queue = Channel.CreateBounded<ShadowExchange>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Starts copying the answer when the request is one the module's shadow plan mirrors; null otherwise.</summary>
    public ShadowCapture? Begin(HttpContext context, ModulePlan module, string legacyService)
    {
        var rules = ShadowRules.For(module.Shadow);
        if (!rules.Mirrors(context.Request.Method, context.Request.Path.Value ?? "/", out var template))
        {
            return null;
        }

        var tee = new ResponseTee(context.Response.Body, options.Value.MaxBodyBytes);
        context.Response.Body = tee;
        return new ShadowCapture(module, legacyService, rules, template, tee);
    }

    /// <summary>Queues the exchange once the monolith's answer went out; never waits.</summary>
    public void Complete(HttpContext context, ShadowCapture capture)
    {
        var failed = context.Features.Get<Yarp.ReverseProxy.Forwarder.IForwarderErrorFeature>() is not null;
        if (failed || capture.Tee.Overflowed)
        {
            // Nothing to compare with: the monolith did not answer, or answered more than a comparison reads.
            capture.Tee.Release();
            return;
        }

        var request = context.Request;
        var headers = new List<KeyValuePair<string, StringValues>>(request.Headers.Count);
        foreach (var header in request.Headers)
        {
            if (!NotForwarded.Contains(header.Key))
            {
                headers.Add(header);
            }
        }

        var answerHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in capture.Rules.AnswerHeaders)
        {
            if (context.Response.Headers.TryGetValue(name, out var value))
            {
                answerHeaders[name] = value.ToString();
            }
        }

        var body = capture.Tee.Detach();
        var exchange = new ShadowExchange(capture.Module, capture.LegacyService, capture.Rules, capture.Template, request.Method,
            request.Path.Value ?? "/", request.QueryString.Value ?? "", headers, context.Response.StatusCode, answerHeaders, body);
        // Counted by what the copy holds (its pooled buffer), before it is queued, so the bound holds under any burst.
        if (Interlocked.Add(ref _queuedBytes, body.Array.Length) > options.Value.MaxQueuedBytes || !_queue.Writer.TryWrite(exchange))
        {
            Interlocked.Add(ref _queuedBytes, -body.Array.Length);
            body.Return();
            stats.Dropped(capture.Module.Name);
            metrics.ShadowDropped(capture.Module.Name);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Concurrency)).Select(_ => WorkAsync(stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var exchange in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await CompareAsync(exchange, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogCompareFailed(logger, exchange.Module.Name, exchange.PathAndQuery, ex.Message);
                }
                finally
                {
                    Interlocked.Add(ref _queuedBytes, -exchange.Body.Array.Length);
                    exchange.Body.Return();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task CompareAsync(ShadowExchange exchange, CancellationToken stoppingToken)
    {
        var module = exchange.Module;
        var route = ShadowRules.RouteKey(exchange.Method, exchange.Path, exchange.Template);
        var legacy = new ShadowAnswer(exchange.Status, exchange.AnswerHeaders, exchange.Body.Memory);
        ShadowAnswer extracted;
        try
        {
            extracted = await AnswerAsync(module.Service, exchange, stoppingToken) ?? throw new HttpRequestException($"{module.Service} has no healthy destination.");
        }
        catch (Exception ex) when (IsNoAnswer(ex, stoppingToken))
        {
            RecordError(ex is TaskCanceledException ? $"No answer within {options.Value.Timeout}." : ex.Message);
            return;
        }

        Comparison comparison;
        try
        {
            comparison = AnswerComparer.Compare(legacy, extracted, null, exchange.Rules, options.Value.MaxBodyBytes);
        }
        catch (ShadowBodyTooLargeException tooLarge)
        {
            // Small on the wire, too large once decompressed: not compared, as an answer too large on the wire.
            RecordError(tooLarge.Message);
            return;
        }
        if (!comparison.Matched && module.Shadow.NoiseFilter)
        {
            // Only a difference is worth asking the monolith again: is it one the monolith makes by itself?
            try
            {
                if (await AnswerAsync(exchange.LegacyService, exchange, stoppingToken) is { } legacyAgain)
                {
                    comparison = AnswerComparer.Compare(legacy, extracted, legacyAgain, exchange.Rules, options.Value.MaxBodyBytes);
                }
            }
            catch (Exception ex) when (IsNoAnswer(ex, stoppingToken))
            {
                // Without the second answer, the comparison stands without a noise filter.
            }
        }

        var mismatch = comparison.Matched ? null : new MismatchRecord(time.GetUtcNow(), exchange.Method, exchange.PathAndQuery,
            exchange.Headers.ToDictionary(h => h.Key, h => SensitiveHeaders.Contains(h.Key) ? Difference.Redacted : h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            comparison.Differences);
        // Tagged with the route the statistics keep, so the metric's routes are bounded as they are.
        var recorded = stats.Record(module.Name, route, comparison, mismatch);
        metrics.ShadowCompared(module.Name, recorded, comparison.Matched ? "match" : "mismatch");

        void RecordError(string why)
        {
            var reported = stats.RecordError(module.Name, route, new ErrorRecord(time.GetUtcNow(), exchange.Method, exchange.PathAndQuery, why));
            metrics.ShadowCompared(module.Name, reported, "error");
        }
    }

    private static bool IsNoAnswer(Exception ex, CancellationToken stoppingToken) =>
        ex is HttpRequestException or TaskCanceledException or ShadowBodyTooLargeException && !stoppingToken.IsCancellationRequested;

    private async Task<ShadowAnswer?> AnswerAsync(string cluster, ShadowExchange exchange, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(options.Value.Timeout);
        using var request = new HttpRequestMessage(new HttpMethod(exchange.Method), new Uri(exchange.PathAndQuery, UriKind.Relative));
        foreach (var (name, value) in exchange.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)value);
        }

        request.Headers.TryAddWithoutValidation(ShadowHeader, "true");
        using var response = await clusters.SendAsync(cluster, request, timeout.Token);
        return response is null ? null : await ShadowAnswer.ReadAsync(response, exchange.Rules.AnswerHeaders, options.Value.MaxBodyBytes, timeout.Token);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shadow comparison of {Module} {Path} failed: {Reason}")]
    private static partial void LogCompareFailed(ILogger logger, string module, string path, string reason);
}

/// <summary>A request being mirrored: the module, its compiled rules, its route, and the copy of the monolith's answer.</summary>
internal sealed record ShadowCapture(ModulePlan Module, string LegacyService, ShadowRules Rules, RouteTemplate? Template, ResponseTee Tee);

/// <summary>A mirrored request with the monolith's answer, waiting in the queue.</summary>
internal sealed record ShadowExchange(
    ModulePlan Module, string LegacyService, ShadowRules Rules, RouteTemplate? Template, string Method, string Path, string Query,
    IReadOnlyList<KeyValuePair<string, StringValues>> Headers, int Status, IReadOnlyDictionary<string, string> AnswerHeaders, PooledBody Body)
{
    public string PathAndQuery => Path + Query;
}

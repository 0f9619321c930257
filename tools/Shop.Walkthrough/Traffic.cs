using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Shop.Walkthrough;

/// <summary>
/// Realistic traffic through the front door while the walkthrough works: browsing the catalog, stock and
/// customers, placing orders and cancelling some. An answer is what a client may get (including 409 for
/// an order the stock cannot cover); a failure is a 5xx, an unexpected 4xx or no answer at all.
/// </summary>
internal sealed class Traffic(HttpClient proxy, IReadOnlyList<Guid> products, IReadOnlyList<Guid> customers, double requestsPerSecond)
{
    /// <summary>The header that carries a user's session, which keeps a user on one side during a canary.</summary>
    public const string SessionHeader = "X-Session-Id";

    private const int Workers = 4;
    private const int Sessions = 500;

    private readonly ConcurrentDictionary<string, ModuleTraffic> _modules = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Guid> _placed = new();
    private volatile bool _paused;
    private int _epoch;
    private int _inFlight;

    /// <summary>
    /// Holds the traffic and waits until the requests already sent have been answered (for a reconciliation,
    /// which compares tables at rest: a write still on its way would show as a row that differs).
    /// </summary>
    public async Task PauseAsync(CancellationToken cancellationToken)
    {
        _paused = true;
        while (Volatile.Read(ref _inFlight) > 0)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    public void Resume() => _paused = false;

    /// <summary>The front door the traffic goes through.</summary>
    public HttpClient Proxy => proxy;

    /// <summary>The catalog's products the traffic browses and orders.</summary>
    public IReadOnlyList<Guid> Products => products;

    public static async Task<Traffic> PrepareAsync(HttpClient proxy, double requestsPerSecond, CancellationToken cancellationToken)
    {
        var products = await IdsAsync(proxy, "/api/catalog/products?pageSize=100", cancellationToken);
        var customers = await IdsAsync(proxy, "/api/customers?pageSize=50", cancellationToken);
        return new Traffic(proxy, products, customers, requestsPerSecond);
    }

    /// <summary>
    /// Starts a new epoch and returns it: requests sent from now on count towards it, so a window's split is
    /// not blurred by requests that were already on their way.
    /// </summary>
    public int BeginEpoch() => Interlocked.Increment(ref _epoch);

    public ModuleTraffic Of(string module) => _modules.GetOrAdd(module, _ => new ModuleTraffic());

    public IReadOnlyDictionary<string, ModuleTraffic> Modules => _modules;

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => WorkAsync(worker, cancellationToken)));

    private async Task WorkAsync(int worker, CancellationToken cancellationToken)
    {
        var random = new Random(worker);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Workers / requestsPerSecond));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                // Counted before the pause is looked at, so a pause that sees none in flight sees none start either.
                Interlocked.Increment(ref _inFlight);
                try
                {
                    if (!_paused)
                    {
                        await SendOneAsync(random, cancellationToken);
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendOneAsync(Random random, CancellationToken cancellationToken)
    {
        var product = products[random.Next(products.Count)];
        var roll = random.Next(100);
        var (module, request) = roll switch
        {
            < 30 => ("catalog", Get($"/api/catalog/products?page={random.Next(1, 9)}&pageSize=25")),
            < 50 => ("catalog", Get($"/api/catalog/products/{product}")),
            < 65 => ("inventory", Get($"/api/inventory/stock/{product}")),
            < 75 => ("customers", Get($"/api/customers?page={random.Next(1, 4)}")),
            < 92 => ("ordering", Post("/api/ordering/orders", new
            {
                customerId = customers[random.Next(customers.Count)],
                lines = new[] { new { productId = product, quantity = random.Next(1, 3) } },
            })),
            _ when _placed.TryDequeue(out var order) => ("ordering", Post($"/api/ordering/orders/{order}/cancel", new { reason = "walkthrough", version = 0 })),
            _ => ("ordering", Get($"/api/ordering/orders?customerId={customers[random.Next(customers.Count)]}")),
        };

        request.Headers.Add(SessionHeader, $"session-{random.Next(Sessions)}");
        var counts = Of(module);
        var epoch = Volatile.Read(ref _epoch);
        try
        {
            using (request)
            using (var response = await proxy.SendAsync(request, cancellationToken))
            {
                var servedBy = response.Headers.TryGetValues("X-Migration-Served-By", out var values) ? values.FirstOrDefault() : null;
                if (IsAnswer(request, response.StatusCode))
                {
                    counts.Answered(servedBy, epoch);
                    if (response.StatusCode == HttpStatusCode.Created && (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["id"] is { } id)
                    {
                        _placed.Enqueue(id.GetValue<Guid>());
                    }
                }
                else
                {
                    counts.Failed($"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            counts.Failed($"{request.Method} {request.RequestUri}: {ex.Message}");
        }
    }

    /// <summary>2xx, or the conflicts a client must expect: stock that ran out, an order already cancelled.</summary>
    private static bool IsAnswer(HttpRequestMessage request, HttpStatusCode status) =>
        (int)status is >= 200 and < 300 || (request.Method == HttpMethod.Post && status == HttpStatusCode.Conflict);

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Post(string path, object body) => new(HttpMethod.Post, path) { Content = JsonContent.Create(body) };

    private static async Task<IReadOnlyList<Guid>> IdsAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        var page = await client.GetFromJsonAsync<JsonObject>(path, cancellationToken)
            ?? throw new InvalidOperationException($"{path} answered nothing.");
        return [.. page["items"]!.AsArray().Select(item => item!["id"]!.GetValue<Guid>())];
    }
}

/// <summary>One module's traffic so far: answers by who served them, and failures with the last one's reason.</summary>
internal sealed class ModuleTraffic
{
    private readonly ConcurrentDictionary<int, long[]> _byEpoch = new();
    private long _legacy;
    private long _service;
    private long _failed;

    public string? LastFailure { get; private set; }

    public long Legacy => Interlocked.Read(ref _legacy);

    public long Service => Interlocked.Read(ref _service);

    public long FailedCount => Interlocked.Read(ref _failed);

    public void Answered(string? servedBy, int epoch)
    {
        var extracted = servedBy == "extracted";
        Interlocked.Increment(ref extracted ? ref _service : ref _legacy);
        Interlocked.Increment(ref _byEpoch.GetOrAdd(epoch, _ => new long[2])[extracted ? 1 : 0]);
    }

    /// <summary>Answers to requests sent in <paramref name="epoch"/>, by who served them.</summary>
    public TrafficSample SentIn(int epoch) =>
        _byEpoch.TryGetValue(epoch, out var counts) ? new TrafficSample(Interlocked.Read(ref counts[0]), Interlocked.Read(ref counts[1]), 0) : default;

    public void Failed(string reason)
    {
        Interlocked.Increment(ref _failed);
        LastFailure = reason.Length > 300 ? reason[..300] : reason;
    }

    public TrafficSample Sample() => new(Legacy, Service, FailedCount);
}

/// <summary>Counters at one moment; the difference of two is the traffic of a step.</summary>
internal readonly record struct TrafficSample(long Legacy, long Service, long Failed)
{
    public static TrafficSample operator -(TrafficSample a, TrafficSample b) => new(a.Legacy - b.Legacy, a.Service - b.Service, a.Failed - b.Failed);

    public long Answered => Legacy + Service;
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Catalog.Service.Tests.BackFlip;

/// <summary>
/// Writers changing prices through the front door, one product each, each write carrying the version the
/// last answer gave (so an older row coming back would be a 409): every acknowledged price is recorded.
/// </summary>
internal sealed class PriceWriters : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _writers;
    private readonly ConcurrentQueue<Write> _writes = new();

    private static int _runs;
    private readonly int _run = Interlocked.Increment(ref _runs) % 99;

    private PriceWriters(HttpClient frontDoor, IReadOnlyList<Guid> products)
    {
        Products = products;
        _writers = [.. products.Select((product, writer) => Task.Run(() => WriteAsync(frontDoor, product, writer)))];
    }

    public IReadOnlyList<Guid> Products { get; }

    public IReadOnlyCollection<Write> Writes => _writes;

    public int ServedBy(string side) => _writes.Count(w => w.ServedBy == side);

    /// <param name="page">Which <paramref name="count"/> products to write (writers on other pages never share one).</param>
    public static async Task<PriceWriters> StartAsync(HttpClient frontDoor, HttpClient legacy, int count, int page = 1)
    {
        var items = (await legacy.GetFromJsonAsync<JsonObject>($"/api/catalog/products?page={page}&pageSize={count}", TestContext.Current.CancellationToken))!["items"]!.AsArray();
        return new PriceWriters(frontDoor, [.. items.Select(i => i!["id"]!.GetValue<Guid>())]);
    }

    /// <summary>Stops the writers after their write in flight, and says whether any write was not acknowledged.</summary>
    public async Task<IReadOnlyList<Write>> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_writers);
        return [.. _writes];
    }

    private async Task WriteAsync(HttpClient frontDoor, Guid product, int writer)
    {
        var version = (await frontDoor.GetFromJsonAsync<JsonObject>($"/api/catalog/products/{product}", CancellationToken.None))!["version"]!.GetValue<int>();
        // Prices unique per run and writer (a band of 1,000 each, in cents): each acknowledged write leaves exactly one history row with its price.
        var basePrice = (_run * 10_000m) + (writer * 1_000m);
        for (var i = 1; !_stop.IsCancellationRequested && i < 100_000; i++)
        {
            var price = basePrice + (i * 0.01m);
            using var response = await frontDoor.PutAsJsonAsync($"/api/catalog/products/{product}/price", new { price, version }, CancellationToken.None);
            var servedBy = response.Headers.TryGetValues("X-Migration-Served-By", out var values) ? values.Single() : "?";
            if (response.StatusCode == HttpStatusCode.OK)
            {
                version = (await response.Content.ReadFromJsonAsync<JsonObject>(CancellationToken.None))!["version"]!.GetValue<int>();
            }

            _writes.Enqueue(new Write(product, price, response.StatusCode, servedBy, await ErrorOf(response)));
        }
    }

    private static async Task<string?> ErrorOf(HttpResponseMessage response) =>
        response.IsSuccessStatusCode ? null : await response.Content.ReadAsStringAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    public sealed record Write(Guid Product, decimal Price, HttpStatusCode Status, string ServedBy, string? Error);
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Shop.Walkthrough;

/// <summary>
/// Acknowledged writes to watch across a move of the data owner: a few products whose price keeps changing
/// through the front door, each write carrying the version the last answer gave. Afterwards every product
/// must be at its last acknowledged price: a write lost, or an older row brought back, shows.
/// </summary>
internal sealed class PriceProbe : IAsyncDisposable
{
    private readonly HttpClient _proxy;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Guid, decimal> _acknowledged = new();
    private readonly List<Task> _writers;
    private int _written;
    private string? _failure;

    public PriceProbe(HttpClient proxy, IEnumerable<Guid> products)
    {
        _proxy = proxy;
        _writers = [.. products.Select((product, i) => Task.Run(() => WriteAsync(product, i)))];
    }

    public int Written => Volatile.Read(ref _written);

    private async Task WriteAsync(Guid product, int writer)
    {
        try
        {
            // A write in flight is never cancelled: one the server applied without our hearing of it would look lost.
            var version = (await _proxy.GetFromJsonAsync<JsonObject>($"/api/catalog/products/{product}", CancellationToken.None))!["version"]!.GetValue<int>();
            for (var i = 1; !_stop.IsCancellationRequested; i++)
            {
                var price = 500 + (writer * 100) + (i % 10_000 * 0.01m);
                using var response = await _proxy.PutAsJsonAsync($"/api/catalog/products/{product}/price", new { price, version }, CancellationToken.None);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    _failure ??= $"PUT price of {product}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}";
                    return;
                }

                version = (await response.Content.ReadFromJsonAsync<JsonObject>(CancellationToken.None))!["version"]!.GetValue<int>();
                _acknowledged[product] = price;
                Interlocked.Increment(ref _written);
                await Task.Delay(50, _stop.Token); // A steady trickle, not a load test.
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (HttpRequestException ex)
        {
            _failure ??= ex.Message;
        }
    }

    /// <summary>Stops writing; null when every acknowledged write is in the data owner's database, else what broke.</summary>
    public async Task<string?> StopAndCheckAsync(Uri owner, CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_writers);
        return _failure is not null ? $"a write was not acknowledged: {_failure}" : await CheckAsync(owner, cancellationToken);
    }

    /// <summary>
    /// Null when every product is at its last acknowledged price in the data owner's own database (asked
    /// directly: a canary reader may see the follower a moment behind, which is not a lost write).
    /// </summary>
    public async Task<string?> CheckAsync(Uri owner, CancellationToken cancellationToken)
    {
        var lost = 0;
        foreach (var (product, price) in _acknowledged)
        {
            var current = (await _proxy.GetFromJsonAsync<JsonObject>(new Uri(owner, $"/api/catalog/products/{product}"), cancellationToken))!["price"]!.GetValue<decimal>();
            lost += current == price ? 0 : 1;
        }

        return lost == 0 ? null : $"{lost} product(s) lost their last acknowledged price";
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_writers);
        }

        _stop.Dispose();
    }
}

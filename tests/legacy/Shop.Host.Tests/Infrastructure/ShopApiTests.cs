using System.Net;
using System.Text.Json;

namespace Shop.Host.Tests.Infrastructure;

/// <summary>Base of the API suites that run once per database provider.</summary>
public abstract class ShopApiTests(ShopHost host)
{
    private HttpClient? _client;

    /// <summary>The client of the running host; skips the test when its database is unavailable here.</summary>
    protected HttpClient Client => _client ??= host.CreateShopClient();

    private HttpClient? _estate;

    /// <summary>A client calling as the estate does, with its service key: for the facade endpoints.</summary>
    protected HttpClient EstateClient => _estate ??= host.CreateEstateClient();

    protected static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    protected async Task<Guid> CreateCategoryAsync()
    {
        using var response = await Client.PostJsonAsync("/api/catalog/categories", new { name = Unique("Category") });
        return (await response.ShouldHaveStatusAsync(HttpStatusCode.Created)).GetGuid("id");
    }

    /// <summary>A product of the test's own, so no test depends on another's changes.</summary>
    protected async Task<JsonElement> CreateProductAsync(decimal price = 10m, Guid? categoryId = null)
    {
        var category = categoryId ?? await CreateCategoryAsync();
        using var response = await Client.PostJsonAsync("/api/catalog/products", new
        {
            sku = Unique("T"),
            name = Unique("Test product"),
            categoryId = category,
            price,
            currency = "EUR",
        });
        return await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
    }

    /// <summary>
    /// A new product whose stock row, opened by inventory when it receives ProductCreated, has been
    /// counted to <paramref name="onHand"/> (its version is then 1, or 0 when nothing was counted).
    /// </summary>
    protected async Task<Guid> CreateStockedProductAsync(int onHand, decimal price = 10m)
    {
        var id = (await CreateProductAsync(price)).GetGuid("id");
        await Eventually.MatchAsync(
            () => Client.GetStatusAsync($"/api/inventory/stock/{id}"),
            status => status == HttpStatusCode.OK,
            "inventory opened a stock row for the new product (ProductCreated)");
        if (onHand > 0)
        {
            using var response = await Client.PutJsonAsync($"/api/inventory/stock/{id}", new { onHand, version = 0 });
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        return id;
    }

    /// <summary>A customer of the test's own.</summary>
    protected async Task<Guid> RegisterCustomerAsync(string firstName = "Test", string lastName = "Customer")
    {
        using var response = await Client.PostJsonAsync("/api/customers",
            new { email = $"{Unique("c")}@example.org", firstName, lastName });
        return (await response.ShouldHaveStatusAsync(HttpStatusCode.Created)).GetGuid("id");
    }
}

namespace Shop.Host.Tests.Infrastructure;

/// <summary>Base of the API suites that run once per database provider.</summary>
public abstract class ShopApiTests(ShopHost host)
{
    private HttpClient? _client;

    /// <summary>The client of the running host; skips the test when its database is unavailable here.</summary>
    protected HttpClient Client => _client ??= host.CreateShopClient();

    protected static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    protected async Task<Guid> CreateCategoryAsync()
    {
        using var response = await Client.PostJsonAsync("/api/catalog/categories", new { name = Unique("Category") });
        return (await response.ShouldHaveStatusAsync(System.Net.HttpStatusCode.Created)).GetGuid("id");
    }

    /// <summary>A product of the test's own, so no test depends on another's changes.</summary>
    protected async Task<System.Text.Json.JsonElement> CreateProductAsync(decimal price = 10m, Guid? categoryId = null)
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
        return await response.ShouldHaveStatusAsync(System.Net.HttpStatusCode.Created);
    }
}

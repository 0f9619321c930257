using System.Net;
using Shop.Host.Tests.Infrastructure;

namespace Shop.Host.Tests.Catalog;

public abstract class CatalogApiTests(ShopHost host) : ShopApiTests(host)
{
    [Fact]
    public async Task ListProducts_SeededCatalog_PagesThroughAllSeededProductsInSkuOrder()
    {
        var first = await Client.GetJsonAsync("/api/catalog/products?search=SKU-&pageSize=100&page=1");
        var second = await Client.GetJsonAsync("/api/catalog/products?search=SKU-&pageSize=100&page=2");

        Assert.Equal(SeedData.ProductCount, first.GetInt("totalCount"));
        Assert.Equal(2, first.GetInt("totalPages"));
        var skus = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(p => p.GetText("sku")).ToList();
        Assert.Equal(Enumerable.Range(1, SeedData.ProductCount).Select(i => $"SKU-{i:0000}"), skus);
    }

    [Fact]
    public async Task ListProducts_CategoryAndPriceRange_ReturnsOnlyMatchingProducts()
    {
        var category = SeedData.Category(3);

        var page = await Client.GetJsonAsync($"/api/catalog/products?categoryId={category}&minPrice=50&maxPrice=150&pageSize=100");

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.Equal(items.Count, page.GetInt("totalCount"));
        Assert.All(items, p =>
        {
            Assert.Equal(category, p.GetGuid("categoryId"));
            Assert.InRange(p.GetProperty("price").GetDecimal(), 50m, 150m);
        });
    }

    [Fact]
    public async Task GetProduct_SeededId_ReturnsTheSameProductOnEveryProvider()
    {
        var product = await Client.GetJsonAsync($"/api/catalog/products/{SeedData.Product(1)}");

        Assert.Equal("SKU-0001", product.GetText("sku"));
        Assert.Equal(84.19m, product.GetProperty("price").GetDecimal());
        Assert.EndsWith("Z", product.GetText("updatedAt"));
    }

    [Fact]
    public async Task GetProduct_UnknownId_Returns404Problem()
    {
        using var response = await Client.GetAsync($"/api/catalog/products/{Guid.NewGuid()}", TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CreateProduct_Valid_IsStoredAndInventoryOpensAnEmptyStockRow()
    {
        var product = await CreateProductAsync(price: 12.34m);
        var id = product.GetGuid("id");

        var stored = await Client.GetJsonAsync($"/api/catalog/products/{id}");
        Assert.Equal(12.34m, stored.GetProperty("price").GetDecimal());
        Assert.Equal(0, stored.GetInt("version"));

        // ProductCreated travels through the catalog outbox to the inventory handler.
        await Eventually.MatchAsync(
            () => Client.GetStatusAsync($"/api/inventory/stock/{id}"),
            status => status == HttpStatusCode.OK,
            "inventory has a stock row for the new product");
        Assert.Equal(0, (await Client.GetJsonAsync($"/api/inventory/stock/{id}")).GetInt("onHand"));
    }

    [Fact]
    public async Task CreateProduct_DuplicateSku_Returns409()
    {
        var product = await CreateProductAsync();

        using var response = await Client.PostJsonAsync("/api/catalog/products", new
        {
            sku = product.GetText("sku"),
            name = "Another name",
            categoryId = product.GetGuid("categoryId"),
            price = 1m,
        });

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task CreateProduct_UnknownCategory_Returns400NamingCategoryId()
    {
        using var response = await Client.PostJsonAsync("/api/catalog/products", new
        {
            sku = Unique("T"),
            name = "Orphan",
            categoryId = Guid.NewGuid(),
            price = 1m,
        });

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "categoryId");
    }

    [Fact]
    public async Task UpdateProduct_StaleVersion_Returns409AndKeepsTheFirstWrite()
    {
        var product = await CreateProductAsync();
        var id = product.GetGuid("id");
        var categoryId = product.GetGuid("categoryId");

        using var first = await Client.PutJsonAsync($"/api/catalog/products/{id}",
            new { name = "First writer", categoryId, isActive = true, version = 0 });
        using var second = await Client.PutJsonAsync($"/api/catalog/products/{id}",
            new { name = "Second writer", categoryId, isActive = true, version = 0 });

        Assert.Equal(1, (await first.ShouldHaveStatusAsync(HttpStatusCode.OK)).GetInt("version"));
        await second.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("First writer", (await Client.GetJsonAsync($"/api/catalog/products/{id}")).GetText("name"));
    }

    [Fact]
    public async Task ChangePrice_ConcurrentWritersWithTheSameVersion_ExactlyOneWins()
    {
        var id = (await CreateProductAsync(price: 10m)).GetGuid("id");

        var writers = Enumerable.Range(1, 6).Select(async i =>
        {
            using var response = await Client.PutJsonAsync($"/api/catalog/products/{id}/price", new { price = 10m + i, version = 0 });
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(writers);

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Conflict));
        var product = await Client.GetJsonAsync($"/api/catalog/products/{id}");
        Assert.Equal(1, product.GetInt("version"));
        Assert.Single((await Client.GetJsonAsync($"/api/catalog/products/{id}/prices")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task ChangePrice_NewPrice_IsKeptInThePriceHistory()
    {
        var id = (await CreateProductAsync(price: 10m)).GetGuid("id");

        using var response = await Client.PutJsonAsync($"/api/catalog/products/{id}/price", new { price = 12.5m, version = 0 });

        var product = await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(12.5m, product.GetProperty("price").GetDecimal());
        Assert.Equal(1, product.GetInt("version"));
        var history = await Client.GetJsonAsync($"/api/catalog/products/{id}/prices");
        var change = Assert.Single(history.GetProperty("items").EnumerateArray());
        Assert.Equal(10m, change.GetProperty("oldPrice").GetDecimal());
        Assert.Equal(12.5m, change.GetProperty("newPrice").GetDecimal());
    }

    [Fact]
    public async Task Categories_CreateThenDuplicate_Returns201Then409()
    {
        var name = Unique("Category");

        using var created = await Client.PostJsonAsync("/api/catalog/categories", new { name });
        using var duplicate = await Client.PostJsonAsync("/api/catalog/categories", new { name });

        var id = (await created.ShouldHaveStatusAsync(HttpStatusCode.Created)).GetGuid("id");
        Assert.Equal($"/api/catalog/categories/{id}", created.Headers.Location?.AbsolutePath);
        await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(name, (await Client.GetJsonAsync($"/api/catalog/categories/{id}")).GetText("name"));
    }

    [Fact]
    public async Task ListCategories_Seeded_ContainsTheTenSeededCategories()
    {
        var page = await Client.GetJsonAsync("/api/catalog/categories?pageSize=100");

        var ids = page.GetProperty("items").EnumerateArray().Select(c => c.GetGuid("id")).ToHashSet();
        Assert.All(Enumerable.Range(0, SeedData.CategoryCount), i => Assert.Contains(SeedData.Category(i), ids));
    }
}

public sealed class CatalogApiTestsOnSqlite(SqliteShopHost host) : CatalogApiTests(host), IClassFixture<SqliteShopHost>;

public sealed class CatalogApiTestsOnPostgreSql(PostgreSqlShopHost host) : CatalogApiTests(host), IClassFixture<PostgreSqlShopHost>;

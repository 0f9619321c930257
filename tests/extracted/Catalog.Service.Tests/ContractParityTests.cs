using System.Net;
using System.Text.Json.Nodes;
using Catalog.Service.Tests.Infrastructure;
using Estate.Testing;

namespace Catalog.Service.Tests;

/// <summary>
/// The extracted service honours the module's HTTP contract: on the same (backfilled) data, the same
/// request gets the same status, content type and body from both, compared field by field.
/// </summary>
public sealed class ContractParityTests(CatalogEstate estate) : IClassFixture<CatalogEstate>
{
    public static TheoryData<string> Reads =>
    [
        "/api/catalog/products",
        "/api/catalog/products?page=3&pageSize=25",
        "/api/catalog/products?search=camping&pageSize=100",
        "/api/catalog/products?minPrice=20&maxPrice=60&active=true",
        "/api/catalog/products?page=0",
        "/api/catalog/products?pageSize=1000",
        "/api/catalog/products?minPrice=abc",
        "/api/catalog/products/00000000-0000-0000-0000-000000000001",
        "/api/catalog/products/not-a-guid",
        "/api/catalog/categories",
        "/api/catalog/categories?pageSize=3&page=2",
        "/api/catalog/categories/00000000-0000-0000-0000-000000000001",
    ];

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Get_SameRequest_SameAnswerFromBoth(string path)
    {
        await ContractParity.AssertSameGetAsync(estate.Legacy, estate.Service, path);
    }

    [Fact]
    public async Task Get_EveryProductAndItsPriceHistory_SameAnswerFromBoth()
    {
        var page = JsonNode.Parse(await estate.Legacy.GetStringAsync("/api/catalog/products?pageSize=100", TestContext.Current.CancellationToken))!;
        var ids = page["items"]!.AsArray().Select(item => item!["id"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(ids);

        foreach (var path in ids.SelectMany(id => new[] { $"/api/catalog/products/{id}", $"/api/catalog/products/{id}/prices" }))
        {
            await ContractParity.AssertSameGetAsync(estate.Legacy, estate.Service, path);
        }
    }

    [Fact]
    public void Estate_RunsTwoServersOnTwoDatabases()
    {
        Assert.NotEqual(estate.Legacy.BaseAddress, estate.Service.BaseAddress);
        Assert.NotEqual(estate.LegacyDatabase, estate.ServiceDatabase);
    }

    [Theory]
    [InlineData("list-product-ids", "{}")]
    [InlineData("get-product-prices", """{ "productIds": ["00000000-0000-0000-0000-000000000001"] }""")]
    [InlineData("get-product-prices", """{ "productIds": "nope" }""")]
    [InlineData("get-product-prices", "not json")]
    public async Task Facade_SameCall_SameAnswerFromBoth(string operation, string body)
    {
        await ContractParity.AssertSameAnswerAsync(estate.Legacy, estate.Service, $"{operation} {body}", client => client.PostAsync(
            $"/api/catalog/facade/{operation}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Post_InvalidProduct_SameProblemFromBoth()
    {
        var status = await ContractParity.AssertSameAnswerAsync(estate.Legacy, estate.Service, "POST /api/catalog/products", client => client.PostAsync(
            "/api/catalog/products",
            new StringContent("""{ "sku": "", "name": "x", "price": -1 }""", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }
}

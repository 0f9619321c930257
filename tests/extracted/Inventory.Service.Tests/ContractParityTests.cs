using System.Net;
using System.Text.Json.Nodes;
using Estate.Testing;
using Inventory.Service.Tests.Infrastructure;

namespace Inventory.Service.Tests;

/// <summary>The extracted inventory honours the module's HTTP contract: same request, same answer, on the backfilled data.</summary>
public sealed class ContractParityTests(InventoryEstate estate) : IClassFixture<InventoryEstate>
{
    public static TheoryData<string> Reads =>
    [
        "/api/inventory/stock",
        "/api/inventory/stock?page=2&pageSize=25",
        "/api/inventory/stock?maxAvailable=30&pageSize=100",
        "/api/inventory/stock?maxAvailable=-1",
        "/api/inventory/stock?pageSize=1000",
        "/api/inventory/stock/00000000-0000-0000-0000-000000000001",
        "/api/inventory/stock/not-a-guid",
        "/api/inventory/reservations",
        "/api/inventory/reservations?status=active",
        "/api/inventory/reservations?status=sideways",
    ];

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Get_SameRequest_SameAnswerFromBoth(string path) =>
        await ContractParity.AssertSameGetAsync(estate.Legacy, estate.Service, path);

    [Fact]
    public async Task Get_StockOfEveryProduct_SameAnswerFromBoth()
    {
        var page = JsonNode.Parse(await estate.Legacy.GetStringAsync("/api/inventory/stock?pageSize=100", TestContext.Current.CancellationToken))!;
        var ids = page["items"]!.AsArray().Select(item => item!["productId"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(ids);

        foreach (var id in ids)
        {
            Assert.Equal(HttpStatusCode.OK, await ContractParity.AssertSameGetAsync(estate.Legacy, estate.Service, $"/api/inventory/stock/{id}"));
        }
    }

    [Theory]
    [InlineData("""{ "lines": [] }""")]
    [InlineData("""{ "orderId": "00000000-0000-0000-0000-000000000009", "lines": [{ "productId": "00000000-0000-0000-0000-000000000001", "quantity": 0 }] }""")]
    [InlineData("""{ "orderId": "00000000-0000-0000-0000-000000000009", "lines": [null] }""")]
    public async Task Reserve_InvalidRequest_SameProblemFromBoth(string body)
    {
        var status = await ContractParity.AssertSameAnswerAsync(estate.Legacy, estate.Service, $"POST facade/reserve {body}", client => client.PostAsync(
            "/api/inventory/facade/reserve", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }
}

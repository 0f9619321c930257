using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Estate.Testing;

namespace Inventory.Service.Tests;

/// <summary>
/// Inventory's owner flip (canary -> extracted) through the front door while orders pour in: the monolith
/// reserves stock through the front door at canary, so the fence holds its reservations too.
/// </summary>
public sealed class OwnerFlipTests(OwnerFlipTests.FrontDoorEstate estate) : IClassFixture<OwnerFlipTests.FrontDoorEstate>
{
    private const int OnHand = 12;

    public sealed class FrontDoorEstate() : ModuleEstate<Program>("inventory", "inventory-service")
    {
        protected override bool WithFrontDoor => true;
    }

    [Fact]
    public async Task Flip_UnderConcurrentOrders_NeverOversellsNorLosesAReservation()
    {
        var token = TestContext.Current.CancellationToken;
        var products = await ScarceProductsAsync(3);
        var customerId = JsonNode.Parse(await estate.Legacy.GetStringAsync("/api/customers?pageSize=1", token))!["items"]![0]!["id"]!.GetValue<Guid>();
        await estate.WaitForChangeSyncAsync();
        await estate.SetStageAsync("canary", canaryPercent: 0);
        await Eventually.MatchAsync(async () => await StageAtTheFrontDoorAsync(), stage => stage == "canary", "the front door follows the plan");

        var orders = new ConcurrentBag<(HttpStatusCode Status, Guid ProductId, Guid? OrderId)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var productId = products[(writer + i) % products.Count];
                using var placed = await estate.FrontDoor.PostAsJsonAsync("/api/ordering/orders",
                    new { customerId, lines = new[] { new { productId, quantity = 1 } } }, CancellationToken.None);
                var orderId = placed.StatusCode == HttpStatusCode.Created
                    ? (await placed.Content.ReadFromJsonAsync<JsonObject>(CancellationToken.None))!["id"]!.GetValue<Guid>()
                    : (Guid?)null;
                orders.Add((placed.StatusCode, productId, orderId));
            }
        }, token)).ToList();

        await Eventually.MatchAsync(() => Task.FromResult(orders.Count), n => n >= 12, "orders reserve at the monolith");
        using var flip = await estate.FrontDoorAdmin.PutAsJsonAsync("/migration/api/modules/inventory/stage",
            new { stage = "extracted", reason = "owner flip under orders", actor = "test" }, token);
        var placedAtFlip = orders.Count;
        // On until the stock is gone: the last orders must be refused, not oversold.
        await Eventually.MatchAsync(() => Task.FromResult(orders.Count(o => o.Status == HttpStatusCode.Conflict)), n => n >= 8, "orders run out of stock");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.True(flip.StatusCode == HttpStatusCode.OK, await flip.Content.ReadAsStringAsync(token));
        Assert.True(orders.Count > placedAtFlip, "orders went on after the flip");
        Assert.All(orders, o => Assert.Contains(o.Status, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        var placed = orders.Where(o => o.Status == HttpStatusCode.Created).ToList();
        Assert.Equal(products.Count * OnHand, placed.Count);

        // At the new owner: every placed order holds exactly its one reservation, no product is oversold...
        await estate.WaitForChangeSyncAsync();
        foreach (var productId in products)
        {
            var stock = (await estate.Service.GetFromJsonAsync<JsonObject>($"/api/inventory/stock/{productId}", token))!;
            Assert.Equal((OnHand, OnHand, 0), (stock["onHand"]!.GetValue<int>(), stock["reserved"]!.GetValue<int>(), stock["available"]!.GetValue<int>()));
            var reservations = await ReservationsAsync(estate.Service, productId);
            Assert.Equal(placed.Where(o => o.ProductId == productId).Select(o => o.OrderId!.Value).Order(), reservations.Select(r => r.OrderId).Order());
            Assert.All(reservations, r => Assert.Equal("Active", r.Status));
        }

        // ...and the monolith's copy, kept by the reverse sync, says the same.
        foreach (var productId in products)
        {
            await ContractParity.AssertSameGetAsync(estate.Legacy, estate.Service, $"/api/inventory/stock/{productId}");
        }
    }

    /// <summary>Products with exactly <see cref="OnHand"/> units and nothing reserved, recounted at the monolith.</summary>
    private async Task<List<Guid>> ScarceProductsAsync(int count)
    {
        var token = TestContext.Current.CancellationToken;
        var page = (await estate.Legacy.GetFromJsonAsync<JsonObject>("/api/inventory/stock?pageSize=20", token))!["items"]!.AsArray();
        var products = new List<Guid>();
        foreach (var item in page.Where(i => i!["reserved"]!.GetValue<int>() == 0).Take(count))
        {
            var productId = item!["productId"]!.GetValue<Guid>();
            using var recount = await estate.Legacy.PutAsJsonAsync($"/api/inventory/stock/{productId}",
                new { onHand = OnHand, version = item["version"]!.GetValue<int>() }, token);
            Assert.Equal(HttpStatusCode.OK, recount.StatusCode);
            products.Add(productId);
        }

        Assert.Equal(count, products.Count);
        return products;
    }

    private async Task<string> StageAtTheFrontDoorAsync()
    {
        var status = (await estate.FrontDoorAdmin.GetFromJsonAsync<JsonObject>("/migration/api/status", TestContext.Current.CancellationToken))!;
        return status["modules"]!.AsArray().Single(m => m!["name"]!.GetValue<string>() == "inventory")!["stage"]!.GetValue<string>();
    }

    private static async Task<List<(Guid OrderId, string Status)>> ReservationsAsync(HttpClient side, Guid productId)
    {
        var all = new List<(Guid, string)>();
        for (var page = 1; ; page++)
        {
            var items = (await side.GetFromJsonAsync<JsonObject>($"/api/inventory/reservations?productId={productId}&page={page}&pageSize=100",
                TestContext.Current.CancellationToken))!["items"]!.AsArray();
            all.AddRange(items.Select(r => (r!["orderId"]!.GetValue<Guid>(), r["status"]!.GetValue<string>())));
            if (items.Count < 100)
            {
                return all;
            }
        }
    }
}

using System.Net;
using Shop.Host.Tests.Infrastructure;

namespace Shop.Host.Tests.Facades;

/// <summary>
/// The facade endpoints are the estate's own calls: without the service key (or with a wrong one) a reserve
/// is refused with a 401 problem and reserves nothing; with it, it reserves.
/// </summary>
public sealed class FacadeEndpointsKeyTests(SqliteShopHost host) : ShopApiTests(host), IClassFixture<SqliteShopHost>
{
    private static readonly Guid Product = SeedData.Product(2);

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-key")]
    [InlineData("SHOP-TEST-SERVICE-KEY")]
    public async Task Reserve_WithoutTheServiceKey_Is401AndReservesNothing(string? key)
    {
        var before = await ReservedAsync();
        using var request = Reserve();
        if (key is not null)
        {
            request.Headers.Add(Contracts.Estate.ServiceKey.Header, key);
        }

        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(before, await ReservedAsync());
    }

    [Fact]
    public async Task Reserve_WithTheServiceKey_Reserves()
    {
        var before = await ReservedAsync();
        using var request = Reserve();

        using var response = await EstateClient.SendAsync(request, TestContext.Current.CancellationToken);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(before + 1, await ReservedAsync());
    }

    private static HttpRequestMessage Reserve() => new(HttpMethod.Post, "/api/inventory/facade/reserve")
    {
        Content = new StringContent($"{{\"orderId\":\"{Guid.NewGuid()}\",\"lines\":[{{\"productId\":\"{Product}\",\"quantity\":1}}]}}", System.Text.Encoding.UTF8, "application/json"),
    };

    private async Task<int> ReservedAsync() => (await Client.GetJsonAsync($"/api/inventory/stock/{Product}")).GetInt("reserved");
}

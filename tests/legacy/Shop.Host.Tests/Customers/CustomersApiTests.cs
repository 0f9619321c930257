using System.Net;
using Shop.Host.Tests.Infrastructure;

namespace Shop.Host.Tests.Customers;

public abstract class CustomersApiTests(ShopHost host) : ShopApiTests(host)
{
    [Fact]
    public async Task ListCustomers_Search_FindsSeededCustomersByEmail()
    {
        var page = await Client.GetJsonAsync("/api/customers?search=@example.com&pageSize=100");

        Assert.Equal(SeedData.CustomerCount, page.GetInt("totalCount"));
    }

    [Fact]
    public async Task ListCustomers_PageSize_LimitsTheItems()
    {
        var page = await Client.GetJsonAsync("/api/customers?search=@example.com&pageSize=7&page=2");

        Assert.Equal(7, page.GetProperty("items").GetArrayLength());
        Assert.Equal(2, page.GetInt("page"));
        Assert.Equal(8, page.GetInt("totalPages"));
    }

    [Fact]
    public async Task GetCustomer_Seeded_HasADefaultAddress()
    {
        var customer = await Client.GetJsonAsync($"/api/customers/{SeedData.Customer(3)}");

        var addresses = customer.GetProperty("addresses").EnumerateArray().ToList();
        Assert.Equal(2, addresses.Count);
        Assert.Single(addresses, a => a.GetProperty("isDefault").GetBoolean());
    }

    [Fact]
    public async Task GetCustomer_UnknownId_Returns404()
    {
        using var response = await Client.GetAsync($"/api/customers/{Guid.NewGuid()}", TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RegisterCustomer_WithAddress_IsStoredWithTheAddressAsDefault()
    {
        var email = $"{Unique("new")}@example.org";

        using var response = await Client.PostJsonAsync("/api/customers", new
        {
            email,
            firstName = "Barbara",
            lastName = "Liskov",
            address = new { line1 = "1 Kendall Square", city = "Cambridge", postalCode = "02139", country = "US" },
        });

        var created = await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var stored = await Client.GetJsonAsync(response.Headers.Location!.PathAndQuery);
        Assert.Equal(email, stored.GetText("email"));
        Assert.Equal(created.GetGuid("id"), stored.GetGuid("id"));
        var address = Assert.Single(stored.GetProperty("addresses").EnumerateArray());
        Assert.True(address.GetProperty("isDefault").GetBoolean());
    }

    [Fact]
    public async Task RegisterCustomer_EmailTakenInAnotherCase_Returns409()
    {
        var email = $"{Unique("dup")}@example.org";
        using var first = await Client.PostJsonAsync("/api/customers", new { email, firstName = "A", lastName = "B" });
        await first.ShouldHaveStatusAsync(HttpStatusCode.Created);

        using var second = await Client.PostJsonAsync("/api/customers", new { email = email.ToUpperInvariant(), firstName = "C", lastName = "D" });

        await second.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task UpdateCustomer_StaleVersion_Returns409()
    {
        var id = await RegisterCustomerAsync();
        using var first = await Client.PutJsonAsync($"/api/customers/{id}",
            new { email = $"{Unique("upd")}@example.org", firstName = "First", lastName = "Writer", version = 0 });
        await first.ShouldHaveStatusAsync(HttpStatusCode.OK);

        using var second = await Client.PutJsonAsync($"/api/customers/{id}",
            new { email = $"{Unique("upd")}@example.org", firstName = "Second", lastName = "Writer", version = 0 });

        await second.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("First", (await Client.GetJsonAsync($"/api/customers/{id}")).GetText("firstName"));
    }

    [Fact]
    public async Task AddAddress_MakeDefault_MovesTheDefault()
    {
        var id = await RegisterCustomerAsync();
        using var home = await Client.PostJsonAsync($"/api/customers/{id}/addresses",
            new { line1 = "Home 1", city = "Delft", postalCode = "2611", country = "NL" });
        using var work = await Client.PostJsonAsync($"/api/customers/{id}/addresses",
            new { line1 = "Work 1", city = "Leiden", postalCode = "2311", country = "NL", isDefault = true });
        await home.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var workId = (await work.ShouldHaveStatusAsync(HttpStatusCode.Created)).GetGuid("id");

        var addresses = await Client.GetJsonAsync($"/api/customers/{id}/addresses");

        var @default = Assert.Single(addresses.EnumerateArray(), a => a.GetProperty("isDefault").GetBoolean());
        Assert.Equal(workId, @default.GetGuid("id"));
    }
}

public sealed class CustomersApiTestsOnSqlite(SqliteShopHost host) : CustomersApiTests(host), IClassFixture<SqliteShopHost>;

public sealed class CustomersApiTestsOnPostgreSql(PostgreSqlShopHost host) : CustomersApiTests(host), IClassFixture<PostgreSqlShopHost>;

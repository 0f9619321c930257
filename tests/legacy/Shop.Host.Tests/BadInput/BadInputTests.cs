using System.Net;
using Shop.Host.Tests.Infrastructure;

namespace Shop.Host.Tests.BadInput;

/// <summary>
/// Every endpoint family answers bad input with 400 application/problem+json naming the field:
/// malformed JSON, wrong types and out-of-range values, never a 500. Provider-independent, so SQLite only.
/// </summary>
public sealed class BadInputTests(SqliteShopHost host) : ShopApiTests(host), IClassFixture<SqliteShopHost>
{
    private static readonly string Product = SeedData.Product(1).ToString();
    private static readonly string Customer = SeedData.Customer(1).ToString();
    private static readonly string Category = SeedData.Category(1).ToString();

    public static TheoryData<string, string, string?, string> Cases => new()
    {
        // Catalog
        { "POST", "/api/catalog/products", "{\"sku\":", "sku" },
        { "POST", "/api/catalog/products", $"{{\"sku\":\"A-1\",\"name\":\"B\",\"categoryId\":\"not-a-guid\",\"price\":1}}", "categoryId" },
        { "POST", "/api/catalog/products", $"{{\"sku\":\"A-1\",\"name\":\"B\",\"categoryId\":\"{Category}\",\"price\":-1}}", "price" },
        { "POST", "/api/catalog/products", $"{{\"sku\":\"A-1\",\"name\":\"B\",\"categoryId\":\"{Category}\",\"price\":1.234}}", "price" },
        { "POST", "/api/catalog/products", $"{{\"sku\":\"\",\"name\":\"B\",\"categoryId\":\"{Category}\",\"price\":1}}", "sku" },
        { "POST", "/api/catalog/products", $"{{\"sku\":\"A-1\",\"name\":\"B\",\"categoryId\":\"{Category}\",\"price\":1,\"currency\":\"euro\"}}", "currency" },
        { "PUT", $"/api/catalog/products/{Product}", $"{{\"name\":\"B\",\"categoryId\":\"{Category}\",\"isActive\":true,\"version\":-1}}", "version" },
        { "PUT", $"/api/catalog/products/{Product}", $"{{\"name\":\"B\",\"categoryId\":\"{Category}\",\"isActive\":\"yes\",\"version\":0}}", "isActive" },
        { "PUT", $"/api/catalog/products/{Product}/price", "{\"price\":\"cheap\",\"version\":0}", "price" },
        { "PUT", $"/api/catalog/products/{Product}/price", "{\"price\":2000000,\"version\":0}", "price" },
        { "GET", "/api/catalog/products?pageSize=1000", null, "pageSize" },
        { "GET", "/api/catalog/products?page=0", null, "page" },
        { "GET", "/api/catalog/products?minPrice=abc", null, "minPrice" },
        { "GET", "/api/catalog/products?minPrice=10&maxPrice=5", null, "maxPrice" },
        { "GET", "/api/catalog/products?categoryId=42", null, "categoryId" },
        { "POST", "/api/catalog/categories", "{\"name\":\"\"}", "name" },
        { "POST", "/api/catalog/categories", "[]", "$" },
        { "GET", "/api/catalog/categories?pageSize=-1", null, "pageSize" },
        { "POST", "/api/catalog/facade/get-product-prices", "not json", "$" },
        { "POST", "/api/catalog/facade/get-product-prices", "{}", "productIds" },
        { "POST", "/api/catalog/facade/get-product-prices", "{\"productIds\":\"nope\"}", "productIds" },
        // Inventory
        { "PUT", $"/api/inventory/stock/{Product}", "{\"onHand\":-5,\"version\":0}", "onHand" },
        { "PUT", $"/api/inventory/stock/{Product}", "{\"onHand\":99999999999,\"version\":0}", "onHand" },
        { "PUT", $"/api/inventory/stock/{Product}", "{\"onHand\":\"many\",\"version\":0}", "onHand" },
        { "PUT", $"/api/inventory/stock/{Product}", "{\"onHand\":5,\"version\":0", "version" },
        { "GET", "/api/inventory/stock?maxAvailable=-1", null, "maxAvailable" },
        { "GET", "/api/inventory/stock?maxAvailable=lots", null, "maxAvailable" },
        { "GET", "/api/inventory/reservations?status=bogus", null, "status" },
        { "GET", "/api/inventory/reservations?orderId=123", null, "orderId" },
        { "POST", "/api/inventory/facade/reserve", "{\"lines\":[]}", "orderId" },
        { "POST", "/api/inventory/facade/reserve", $"{{\"orderId\":\"{Customer}\",\"lines\":[{{\"productId\":\"{Product}\",\"quantity\":0}}]}}", "lines" },
        { "POST", "/api/inventory/facade/release", "{\"orderId\":\"x\"}", "orderId" },
        // Customers
        { "POST", "/api/customers", "{\"email\":\"not-an-email\",\"firstName\":\"A\",\"lastName\":\"B\"}", "email" },
        { "POST", "/api/customers", "{\"email\":42,\"firstName\":\"A\",\"lastName\":\"B\"}", "email" },
        { "POST", "/api/customers", "{\"email\":\"a@example.org\",\"firstName\":\"A\",\"lastName\":\"B\",\"address\":{\"line1\":\"x\",\"city\":\"y\",\"postalCode\":\"1\",\"country\":\"Netherlands\"}}", "address.country" },
        { "POST", "/api/customers", "{\"email\":\"a@example.org\",\"firstName\":\"\",\"lastName\":\"B\"}", "firstName" },
        { "PUT", $"/api/customers/{Customer}", $"{{\"email\":\"a@example.org\",\"firstName\":\"A\",\"lastName\":\"{new string('x', 101)}\",\"version\":0}}", "lastName" },
        { "POST", $"/api/customers/{Customer}/addresses", "{", "$" },
        { "POST", $"/api/customers/{Customer}/addresses", "{\"line1\":\"x\",\"city\":\"y\",\"postalCode\":\"1\",\"country\":\"nl\"}", "country" },
        { "GET", "/api/customers?page=0", null, "page" },
        { "GET", "/api/customers?pageSize=x", null, "pageSize" },
        { "POST", "/api/customers/facade/get-customer", "{\"customerId\":42}", "customerId" },
        // Ordering
        { "POST", "/api/ordering/orders", $"{{\"customerId\":\"{Customer}\",\"lines\":[]}}", "lines" },
        { "POST", "/api/ordering/orders", $"{{\"customerId\":\"{Customer}\"}}", "lines" },
        { "POST", "/api/ordering/orders", $"{{\"lines\":[{{\"productId\":\"{Product}\",\"quantity\":1}}]}}", "customerId" },
        { "POST", "/api/ordering/orders", $"{{\"customerId\":\"{Customer}\",\"lines\":[{{\"productId\":\"{Product}\",\"quantity\":0}}]}}", "lines[0].quantity" },
        { "POST", "/api/ordering/orders", $"{{\"customerId\":\"{Customer}\",\"lines\":[{{\"productId\":\"{Product}\",\"quantity\":5000}}]}}", "lines[0].quantity" },
        { "POST", "/api/ordering/orders", $"{{\"customerId\":\"{Customer}\",\"lines\":[{{\"productId\":\"{Product}\",\"quantity\":\"two\"}}]}}", "lines[0].quantity" },
        { "POST", "/api/ordering/orders", $"{{\"customerId\":\"{Customer}\",\"lines\":[{{\"productId\":\"{Product}\",\"quantity\":1}},{{\"productId\":\"{Product}\",\"quantity\":2}}]}}", "lines[1].productId" },
        { "POST", "/api/ordering/orders", $"{{\"customerId\":\"{Customer}\",\"lines\":[null]}}", "lines[0]" },
        { "POST", "/api/ordering/orders", "not json", "$" },
        { "POST", "/api/ordering/orders", "", "$" },
        { "POST", $"/api/ordering/orders/{Product}/cancel", "{\"version\":\"x\"}", "version" },
        { "POST", $"/api/ordering/orders/{Product}/cancel", $"{{\"reason\":\"{new string('r', 501)}\",\"version\":0}}", "reason" },
        { "GET", "/api/ordering/orders?status=shipped", null, "status" },
        { "GET", "/api/ordering/orders?customerId=abc", null, "customerId" },
        { "POST", "/api/ordering/facade/get-order", "[]", "$" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Endpoint_BadInput_Returns400ProblemNamingTheField(string method, string url, string? body, string field)
    {
        // The facades answer the estate's own calls only: their bad input is checked with its key.
        var client = url.Contains("/facade/", StringComparison.Ordinal) ? EstateClient : Client;
        using var response = body is null
            ? await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url), TestContext.Current.CancellationToken)
            : await client.SendRawAsync(new HttpMethod(method), url, body);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task PlaceOrder_PlainTextBody_Returns415Problem()
    {
        using var content = new StringContent("{}", System.Text.Encoding.UTF8, "text/plain");
        using var response = await Client.PostAsync("/api/ordering/orders", content, TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task GetProduct_IdThatIsNotAGuid_Returns404NotAnError()
    {
        using var response = await Client.GetAsync("/api/catalog/products/not-a-guid", TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ChangePrice_RejectedInput_LeavesTheProductUntouched()
    {
        var before = await Client.GetJsonAsync($"/api/catalog/products/{Product}");

        using var rejected = await Client.SendRawAsync(HttpMethod.Put, $"/api/catalog/products/{Product}/price", "{\"price\":-3,\"version\":0}");
        await rejected.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "price");

        var after = await Client.GetJsonAsync($"/api/catalog/products/{Product}");
        Assert.Equal(before.GetProperty("price").GetDecimal(), after.GetProperty("price").GetDecimal());
        Assert.Equal(before.GetInt("version"), after.GetInt("version"));
    }
}

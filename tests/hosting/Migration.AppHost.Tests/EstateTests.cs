using System.Net;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace Migration.AppHost.Tests;

/// <summary>Starts the AppHost topology (what the README's main command runs) and talks to it.</summary>
public sealed class EstateTests : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("estate-tests-");

    private const string ServiceKey = "apphost-test-service-key";

    [Fact]
    public async Task Estate_Started_LegacyBecomesHealthyAndServesTheSeededCatalog()
    {
        var cancellation = TestContext.Current.CancellationToken;
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Migration_AppHost>(
            [
                $"{EstateResources.LegacyConnectionStringKey}=Data Source={Path.Combine(_data.FullName, "shop.db")}",
                $"{EstateResources.CatalogConnectionStringKey}=Data Source={Path.Combine(_data.FullName, "catalog.db")}",
                $"{EstateResources.InventoryConnectionStringKey}=Data Source={Path.Combine(_data.FullName, "inventory.db")}",
                $"{EstateResources.ServiceKeyKey}={ServiceKey}",
            ],
            cancellation);
        await using var app = await builder.BuildAsync(cancellation).WaitAsync(StartTimeout, cancellation);
        await app.StartAsync(cancellation).WaitAsync(StartTimeout, cancellation);

        await app.ResourceNotifications.WaitForResourceHealthyAsync(EstateResources.Legacy, cancellation)
            .WaitAsync(StartTimeout, cancellation);

        using var client = app.CreateHttpClient(EstateResources.Legacy);
        using var response = await client.GetAsync("/api/catalog/products?pageSize=1", cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellation));
        Assert.True(page.RootElement.GetProperty("totalCount").GetInt32() >= 200);
        Assert.True(File.Exists(Path.Combine(_data.FullName, "shop.db")), "the legacy host used the database the AppHost gave it");

        // The front door routes by the repository's plan, where every module is still served by the monolith.
        await app.ResourceNotifications.WaitForResourceHealthyAsync(EstateResources.Proxy, cancellation)
            .WaitAsync(StartTimeout, cancellation);
        using var proxy = app.CreateHttpClient(EstateResources.Proxy);
        using var proxied = await proxy.GetAsync("/api/catalog/products?pageSize=1", cancellation);
        Assert.Equal(HttpStatusCode.OK, proxied.StatusCode);
        Assert.Equal("legacy", Assert.Single(proxied.Headers.GetValues("X-Migration-Served-By")));

        // The extracted catalog runs beside it, filled from the monolith by its DataSync worker.
        await app.ResourceNotifications.WaitForResourceHealthyAsync(EstateResources.CatalogService, cancellation)
            .WaitAsync(StartTimeout, cancellation);
        using var catalog = app.CreateHttpClient(EstateResources.CatalogService);
        await Eventually.MatchAsync(async () =>
            {
                using var products = JsonDocument.Parse(await catalog.GetStringAsync("/api/catalog/products?pageSize=1", cancellation));
                return products.RootElement.GetProperty("totalCount").GetInt32();
            },
            total => total >= 200, "the catalog service has the monolith's products");

        // And the extracted inventory, by the same wiring, with its status on every replica.
        await app.ResourceNotifications.WaitForResourceHealthyAsync(EstateResources.InventoryService, cancellation)
            .WaitAsync(StartTimeout, cancellation);
        using var inventory = app.CreateHttpClient(EstateResources.InventoryService);
        // DataSync's status is for the estate's own calls: without the key it is refused, with it answered.
        using (var refused = await inventory.GetAsync("/datasync/status/inventory", cancellation))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        inventory.DefaultRequestHeaders.Add(Contracts.Estate.ServiceKey.Header, ServiceKey);
        await Eventually.MatchAsync(async () =>
            {
                using var status = JsonDocument.Parse(await inventory.GetStringAsync("/datasync/status/inventory", cancellation));
                return status.RootElement.GetProperty("backfillComplete").GetBoolean();
            },
            complete => complete, "the inventory service's backfill is complete");
        using var stock = JsonDocument.Parse(await inventory.GetStringAsync("/api/inventory/stock?pageSize=1", cancellation));
        Assert.True(stock.RootElement.GetProperty("totalCount").GetInt32() >= 200);
    }

    public ValueTask DisposeAsync()
    {
        _data.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }
}

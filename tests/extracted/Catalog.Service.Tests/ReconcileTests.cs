using System.Net;
using System.Text.Json.Nodes;
using Catalog.Service.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Catalog.Service.Tests;

/// <summary>Drift that bypassed the change log is found by reconcile, by key, and repaired on request.</summary>
public sealed class ReconcileTests(CatalogEstate estate) : IClassFixture<CatalogEstate>
{
    [Fact]
    public async Task Reconcile_DriftInTheServiceDatabase_IsReportedThenRepaired()
    {
        var products = JsonNode.Parse(await estate.Legacy.GetStringAsync("/api/catalog/products?pageSize=2", TestContext.Current.CancellationToken))!["items"]!.AsArray();
        var (gone, changed) = (products[0]!["id"]!.GetValue<Guid>(), products[1]!["id"]!.GetValue<Guid>());
        // Drift must come after the change log is applied, or applying it would repair the drift first.
        await estate.WaitForChangeSyncAsync();
        await using (var service = new SqliteConnection(estate.ServiceDatabase))
        {
            await service.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = service.CreateCommand();
            command.CommandText = $"DELETE FROM catalog_products WHERE \"Id\" = '{gone.ToString().ToUpperInvariant()}'; " +
                $"UPDATE catalog_products SET \"Name\" = 'drifted' WHERE \"Id\" = '{changed.ToString().ToUpperInvariant()}';";
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var report = await ReconcileAsync(repair: false);
        var table = report["tables"]!.AsArray().Single(t => t!["table"]!.GetValue<string>() == "catalog_products")!;
        Assert.Equal("legacy", report["owner"]!.GetValue<string>());
        Assert.Equal([$"[\"{gone}\"]"], table["missing"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal([$"[\"{changed}\"]"], table["different"]!.AsArray().Select(k => k!.GetValue<string>()));

        await ReconcileAsync(repair: true);

        var after = await ReconcileAsync(repair: false);
        Assert.All(after["tables"]!.AsArray(), t => Assert.Empty(t!["missing"]!.AsArray().Concat(t["extra"]!.AsArray()).Concat(t["different"]!.AsArray())));
        await CatalogWrites.SameOnBothAsync(estate.Service, estate.Legacy, $"/api/catalog/products/{gone}");
    }

    [Fact]
    public async Task Dashboard_BackfillJob_ShowsItsProgress()
    {
        // The worker queued the backfill first when it started: job 1. Its dashboard is on the management port.
        using var management = estate.CreateServiceManagementClient();
        var page = await management.GetStringAsync("/hangfire/jobs/details/1", TestContext.Current.CancellationToken);

        Assert.Contains("progress", page, StringComparison.Ordinal);
        Assert.Matches(@"catalog_[a-z_]+: \d+/\d+ rows \(100\.0 %\), \d+ rows/s", page);
    }

    [Fact]
    public async Task Reconcile_UnknownModule_Is404ProblemDetails()
    {
        using var response = await estate.Service.PostAsync("/datasync/reconcile/billing", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<JsonNode> ReconcileAsync(bool repair)
    {
        using var response = await estate.Service.PostAsync($"/datasync/reconcile/catalog?repair={repair}", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
    }
}

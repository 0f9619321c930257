using DataSync.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Plan;
using Plan.Store;
using Plan.Store.PostgreSql;
using Plan.Transitions;

namespace DataSync.Tests.Hosting;

/// <summary>
/// With the shared plan store, DataSync (and the monolith, through the same reader) takes each module's
/// stage from the store, not from the plan file it was deployed with: the sync direction follows a flip
/// made through any proxy as soon as the store announces it.
/// </summary>
public sealed class SharedPlanStageTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("shared-plan-stage-");
    private PostgresServer _server = null!;
    private string _connectionString = "";

    public async ValueTask InitializeAsync()
    {
        _server = await PostgresServer.GetAsync();
        Assert.SkipWhen(_server.UnavailableReason is not null, _server.UnavailableReason ?? "");
        _connectionString = await _server.CreateDatabaseAsync();
    }

    [Fact]
    public async Task Of_SharedStore_FollowsTheStoreAndNotTheFile()
    {
        await using var store = new PostgresPlanStore(_connectionString, "migration");
        var seeded = await store.OpenAsync(Plan("canary"), "test", "test", TestContext.Current.CancellationToken);
        // The file the worker was deployed with says otherwise; the store wins.
        var file = Path.Combine(_folder.FullName, "migration.json");
        await File.WriteAllTextAsync(file, Plan("legacy"), TestContext.Current.CancellationToken);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([
            new("Migration:PlanPath", file),
            new("Migration:Store:Provider", "PostgreSql"),
            new("Migration:Store:PollInterval", "00:01:00"),
            new("ConnectionStrings:migration", _connectionString),
        ]).Build();
        using var feed = new SharedPlanFeed(configuration, new HostingEnvironment { ContentRootPath = _folder.FullName }, NullLogger<SharedPlanFeed>.Instance);
        var stage = new PlanStage(configuration, new HostingEnvironment { ContentRootPath = _folder.FullName }, feed);
        Assert.Equal(Stage.Canary, stage.Of("catalog"));

        await feed.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var written = await store.WriteAsync(seeded!.Version, Plan("extracted"), "hash-of-extracted", "test",
                new AuditEntry(DateTimeOffset.UtcNow, "test", "catalog", "canary", "extracted", 10, 10, "flip"), TestContext.Current.CancellationToken);
            Assert.True(written.Written);

            // Announced, not polled (the poll is a minute here).
            await Eventually.MatchAsync(() => Task.FromResult(stage.Of("catalog")), s => s == Stage.Extracted, "the stage follows the store",
                TimeSpan.FromSeconds(10));
        }
        finally
        {
            await feed.StopAsync(CancellationToken.None);
        }
    }

    private static string Plan(string stage) => $$"""
        {
          "legacy": { "service": "legacy" },
          "modules": {
            "catalog": { "routes": ["/api/catalog/{**rest}"], "service": "catalog-service", "stage": "{{stage}}", "canary": { "percent": 10 } }
          }
        }
        """;

    public async ValueTask DisposeAsync()
    {
        if (_connectionString.Length > 0)
        {
            await _server.DropDatabaseAsync(_connectionString);
        }

        _folder.Delete(recursive: true);
    }
}

extern alias proxy;

using System.Net;
using System.Net.Http.Json;
using Catalog.Service.Tests.BackFlip;
using Catalog.Service.Tests.Infrastructure;
using Contracts.Admin;
using Estate.Testing;

namespace Catalog.Service.Tests;

/// <summary>
/// The owner flip on the real estate with three proxies sharing the plan store (the monolith and
/// catalog-service follow the store too): writers change prices through all three while the flip is made
/// through one. Every acknowledged price is in the new owner's database once, the tables reconcile, and so
/// it is when one replica is cut off from the store during the flip (its connections terminated again and again).
/// </summary>
public sealed class OwnerFlipAcrossReplicasTests(CatalogEstateOnAPlanStore estate) : IClassFixture<CatalogEstateOnAPlanStore>, IAsyncLifetime
{
    private const int WritersPerReplica = 3;
    private readonly List<LoopbackHost<proxy::Program>> _replicas = [];

    public async ValueTask InitializeAsync()
    {
        Assert.SkipWhen(estate.StoreUnavailable is not null, estate.StoreUnavailable ?? "");
        for (var i = 1; i <= 3; i++)
        {
            _replicas.Add(estate.StartProxy(overrides: new Dictionary<string, string?>
            {
                ["Migration:Store:ReplicaId"] = $"replica-{i}",
                // Long: the drain shares a loaded machine with nine writers; a stall must not refuse the move.
                ["Migration:OwnerFlipFence"] = "00:00:20",
                ["Migration:Store:LeaseDuration"] = "00:00:04",
                ["Migration:Store:RenewInterval"] = "00:00:00.250",
            }));
        }

        foreach (var replica in _replicas)
        {
            await Eventually.MatchAsync(async () => (await replica.CreateManagementClient().GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode,
                status => status == HttpStatusCode.OK, $"the replica at {replica.Address} is ready");
        }

        // Each test starts from a canary with no share: the monolith owns the data, the proxies route every read there.
        using var admin = Estate.Testing.Estate.AdminClient(_replicas[0]);
        var stage = (await admin.GetFromJsonAsync<StatusResponse>("/migration/api/status", TestContext.Current.CancellationToken))!.Modules.Single(m => m.Name == "catalog").Stage;
        if (stage != "canary")
        {
            using var canary = await admin.PutAsJsonAsync("/migration/api/modules/catalog/stage",
                new ChangeStageRequest("canary", 0, "start of a test", Force: true), TestContext.Current.CancellationToken);
            Assert.True(canary.StatusCode == HttpStatusCode.OK, await canary.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Flip_WhileWritingThroughEveryReplica_NoAcknowledgedWriteIsLostAndTheTablesReconcile(bool oneReplicaCutOff)
    {
        var writers = new List<PriceWriters>();
        for (var i = 0; i < _replicas.Count; i++)
        {
            writers.Add(await PriceWriters.StartAsync(_replicas[i].CreateClient(), estate.Legacy, WritersPerReplica, page: i + 1));
        }

        using var cut = new CancellationTokenSource();
        var cutOff = Task.CompletedTask;
        try
        {
            await Eventually.MatchAsync(() => Task.FromResult(writers.Sum(w => w.ServedBy("legacy"))), n => n >= 60, "writes reach the monolith through every replica");
            if (oneReplicaCutOff)
            {
                cutOff = CutOffAsync("replica-3", cut.Token);
            }

            // The cut lasts as long as the first attempt: that replica either confirms nothing and lets its lease
            // run out (the move then goes ahead without it), or gets through now and then and keeps its lease
            // (the move is refused at its deadline). Once it is back, the move is asked again until it is made.
            using var admin = Estate.Testing.Estate.AdminClient(_replicas[0]);
            var first = await FlipAsync(admin);
            await cut.CancelAsync();
            await cutOff;
            if (first != HttpStatusCode.OK)
            {
                await Eventually.MatchAsync(() => FlipAsync(admin), status => status == HttpStatusCode.OK, "the owner flip is applied", TimeSpan.FromSeconds(90));
            }

            var before = writers.Select(w => w.ServedBy("extracted")).ToList();
            await Eventually.MatchAsync(() => Task.FromResult(writers.Select((w, i) => w.ServedBy("extracted") - before[i]).Min()), n => n >= 20,
                "writes reach the service through every replica");
        }
        finally
        {
            await cut.CancelAsync();
            await cutOff;
        }

        var writes = new List<PriceWriters.Write>();
        foreach (var set in writers)
        {
            writes.AddRange(await set.StopAsync());
            await set.DisposeAsync();
        }

        // Refused writes (503, the cut-off replica) were never acknowledged; every other write was.
        Assert.All(writes, w => Assert.True(w.Status is HttpStatusCode.OK || (oneReplicaCutOff && w.Status == HttpStatusCode.ServiceUnavailable),
            $"{w.Product} {w.Price} ({w.ServedBy}): {(int)w.Status} {w.Error}"));
        await NoWriteLost.ReconciledAsync(estate);
        await NoWriteLost.InAsync(estate.Service, "service", writes);
        await NoWriteLost.InAsync(estate.Legacy, "monolith", writes);
    }

    private static async Task<HttpStatusCode> FlipAsync(HttpClient admin)
    {
        using var flip = await admin.PutAsJsonAsync("/migration/api/modules/catalog/stage",
            new ChangeStageRequest("extracted", null, "owner flip across replicas"), TestContext.Current.CancellationToken);
        return flip.StatusCode;
    }

    /// <summary>Keeps terminating the replica's connections to the store until cancelled.</summary>
    private async Task CutOffAsync(string replica, CancellationToken cancellationToken)
    {
        await using var connection = new Npgsql.NpgsqlConnection(estate.PlanStoreConnection);
        await connection.OpenAsync(CancellationToken.None);
        await using var terminate = new Npgsql.NpgsqlCommand(
            $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'strangler-proxy {replica}' AND datname = current_database()", connection);
        while (!cancellationToken.IsCancellationRequested)
        {
            await terminate.ExecuteScalarAsync(CancellationToken.None);
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using StranglerProxy.Safety;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Safety;

/// <summary>
/// canary -> extracted moves the data owner: the module's writes wait at the fence until DataSync
/// reports zero lag, then go to the service; if the lag does not drain in time the flip is aborted.
/// </summary>
public sealed class OwnerFlipTests(ProxyHost host) : IClassFixture<ProxyHost>
{
    private static readonly object Tables = new { schema = "catalog" };

    private WriteFence Fence => host.Services.GetRequiredService<WriteFence>();

    private Task CanaryAsync() =>
        host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "canary", Percent: 0) { Tables = Tables }));

    private async Task<HttpResponseMessage> FlipAsync()
    {
        using var admin = host.CreateAdminClient();
        return await admin.PutAsJsonAsync("/migration/api/modules/catalog/stage",
            new { stage = "extracted", reason = "owner flip", actor = "dave" }, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Flip_LagDrainsWhileWritesAreHeld_HeldWritesGoToTheNewOwner()
    {
        await CanaryAsync();
        host.ServiceBackend.PendingChanges = 3;

        var flip = FlipAsync();
        await Eventually.MatchAsync(() => Task.FromResult(Fence.IsHeld("catalog")), held => held, "the fence is up");
        var write = host.Client.SendAsync(HttpMethod.Post, "/api/catalog/products");
        await Eventually.MatchAsync(() => Task.FromResult(Fence.Waiting("catalog")), waiting => waiting == 1, "the write waits at the fence");
        host.ServiceBackend.PendingChanges = 0;

        using var flipped = await flip;
        var served = await write;
        Assert.Equal(HttpStatusCode.OK, flipped.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "extracted", ProxyHost.Service), (served.Status, served.ServedBy, served.Echo!.Backend));
        Assert.Equal(Stage.Extracted, host.Plans.Current.Plan.Modules["catalog"].Stage);
    }

    [Fact]
    public async Task Flip_LagNeverDrains_IsAbortedAuditedAndHeldWritesGoToTheMonolith()
    {
        await CanaryAsync();
        host.ServiceBackend.PendingChanges = 5;
        var before = await File.ReadAllTextAsync(host.PlanPath, TestContext.Current.CancellationToken);

        var flip = FlipAsync();
        await Eventually.MatchAsync(() => Task.FromResult(Fence.IsHeld("catalog")), held => held, "the fence is up");
        var write = host.Client.SendAsync(HttpMethod.Post, "/api/catalog/products");

        using var aborted = await flip;
        var served = await write;
        Assert.Equal(HttpStatusCode.Conflict, aborted.StatusCode);
        var detail = (await aborted.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["detail"]!.GetValue<string>();
        Assert.Contains("aborted: the change log did not drain within the 2 s fence (5 change(s) pending, direction LegacyToService, backfill complete", detail, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "legacy"), (served.Status, served.ServedBy));
        Assert.Equal(before, await File.ReadAllTextAsync(host.PlanPath, TestContext.Current.CancellationToken));
        var entry = (await host.CreateAdminClient().GetFromJsonAsync<JsonArray>("/migration/api/modules/catalog/audit", TestContext.Current.CancellationToken))!.Last()!;
        Assert.Equal(("canary", "canary", "dave"), (entry["from"]!.GetValue<string>(), entry["to"]!.GetValue<string>(), entry["actor"]!.GetValue<string>()));
        Assert.Contains("aborted", entry["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flip_UnderConcurrentWrites_EachWriteReachesOneOwnerAndNoneTheOldOneAfterTheFlip()
    {
        await CanaryAsync();
        host.ServiceBackend.PendingChanges = 0;
        var legacyBefore = host.LegacyBackend.Requests;
        var serviceBefore = host.ServiceBackend.Requests;
        var clock = Stopwatch.StartNew();
        var writes = new ConcurrentBag<(TimeSpan Sent, TimeSpan Answered, HttpStatusCode Status, string? ServedBy)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var sent = clock.Elapsed;
                var served = await host.Client.SendAsync(HttpMethod.Post, "/api/catalog/products");
                writes.Add((sent, clock.Elapsed, served.Status, served.ServedBy));
            }
        }, TestContext.Current.CancellationToken)).ToList();

        await Eventually.MatchAsync(() => Task.FromResult(writes.Count), n => n >= 20, "writes flow to the monolith");
        var flipStarted = clock.Elapsed;
        using var flipped = await FlipAsync();
        var flipDone = clock.Elapsed;
        await Eventually.MatchAsync(() => Task.FromResult(writes.Count(w => w.ServedBy == "extracted")), n => n >= 20, "writes flow to the service");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.Equal(HttpStatusCode.OK, flipped.StatusCode);
        Assert.All(writes, w => Assert.Equal(HttpStatusCode.OK, w.Status));
        // Exactly once: every write was received by one side, once.
        Assert.Equal(writes.Count, host.LegacyBackend.Requests - legacyBefore + host.ServiceBackend.Requests - serviceBefore);
        // By the right owner: nothing reached the monolith once the flip was in force, nothing the service before it began.
        Assert.All(writes.Where(w => w.ServedBy == "legacy"), w => Assert.True(w.Sent < flipDone));
        Assert.All(writes.Where(w => w.ServedBy == "extracted"), w => Assert.True(w.Answered > flipStarted));
    }
}

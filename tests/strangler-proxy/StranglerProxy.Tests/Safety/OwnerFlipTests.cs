using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Safety;

/// <summary>
/// canary -> extracted moves the data owner: the module's writes wait at the fence until DataSync
/// reports zero lag, then go to the service (the abort when it does not drain: OwnerFlipAbortTests).
/// </summary>
public sealed class OwnerFlipTests(OwnerFlipTests.LongFenceHost host) : IClassFixture<OwnerFlipTests.LongFenceHost>
{
    /// <summary>
    /// A fence long enough that only the lag decides: these flips succeed once it drains, however late a
    /// loaded machine schedules the test's steps inside the fence.
    /// </summary>
    public sealed class LongFenceHost : ProxyHost
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Migration:OwnerFlipFence"] = "00:00:30" };
    }

    [Fact]
    public async Task Flip_LagDrainsWhileWritesAreHeld_HeldWritesGoToTheNewOwner()
    {
        await OwnerFlipSteps.CanaryAsync(host);
        host.ServiceBackend.PendingChanges = 3;

        var flip = OwnerFlipSteps.FlipAsync(host);
        await Eventually.MatchAsync(() => Task.FromResult(OwnerFlipSteps.Fence(host).IsHeld("catalog")), held => held, "the fence is up");
        var write = host.Client.SendAsync(HttpMethod.Post, "/api/catalog/products");
        await Eventually.MatchAsync(() => Task.FromResult(OwnerFlipSteps.Fence(host).Waiting("catalog")), waiting => waiting == 1, "the write waits at the fence");
        host.ServiceBackend.PendingChanges = 0;

        using var flipped = await flip;
        var served = await write;
        Assert.Equal(HttpStatusCode.OK, flipped.StatusCode);
        Assert.Equal((HttpStatusCode.OK, "extracted", ProxyHost.Service), (served.Status, served.ServedBy, served.Echo!.Backend));
        Assert.Equal(Stage.Extracted, host.Plans.Current.Plan.Modules["catalog"].Stage);
    }

    [Fact]
    public async Task Flip_UnderConcurrentWrites_EachWriteReachesOneOwnerAndNoneTheOldOneAfterTheFlip()
    {
        await OwnerFlipSteps.CanaryAsync(host);
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
        using var flipped = await OwnerFlipSteps.FlipAsync(host);
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

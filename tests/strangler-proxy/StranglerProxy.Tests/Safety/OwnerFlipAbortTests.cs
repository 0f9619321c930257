using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Safety;

/// <summary>An owner flip whose lag never drains ends with the fence: aborted, audited, and the held writes served by the monolith.</summary>
public sealed class OwnerFlipAbortTests(OwnerFlipAbortTests.ShortFenceHost host) : IClassFixture<OwnerFlipAbortTests.ShortFenceHost>
{
    /// <summary>Short, as the test waits it out; long enough that the test sees the fence up and DataSync answers inside it.</summary>
    public sealed class ShortFenceHost : ProxyHost
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Migration:OwnerFlipFence"] = "00:00:05" };
    }

    [Fact]
    public async Task Flip_LagNeverDrains_IsAbortedAuditedAndHeldWritesGoToTheMonolith()
    {
        await OwnerFlipSteps.CanaryAsync(host);
        host.ServiceBackend.PendingChanges = 5;
        var before = await File.ReadAllTextAsync(host.PlanPath, TestContext.Current.CancellationToken);

        var flip = OwnerFlipSteps.FlipAsync(host);
        await Eventually.MatchAsync(() => Task.FromResult(OwnerFlipSteps.Fence(host).IsHeld("catalog")), held => held, "the fence is up");
        var write = host.Client.SendAsync(HttpMethod.Post, "/api/catalog/products");

        using var aborted = await flip;
        var served = await write;
        Assert.Equal(HttpStatusCode.Conflict, aborted.StatusCode);
        var detail = (await aborted.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["detail"]!.GetValue<string>();
        Assert.Contains("refused: the monolith's change log did not drain into the service within the 5 s fence (5 change(s) pending, direction LegacyToService, backfill complete", detail, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "legacy"), (served.Status, served.ServedBy));
        Assert.Equal(before, await File.ReadAllTextAsync(host.PlanPath, TestContext.Current.CancellationToken));
        var entry = (await host.CreateAdminClient().GetFromJsonAsync<JsonArray>("/migration/api/modules/catalog/audit", TestContext.Current.CancellationToken))!.Last()!;
        Assert.Equal(("canary", "canary", "dave"), (entry["from"]!.GetValue<string>(), entry["to"]!.GetValue<string>(), entry["actor"]!.GetValue<string>()));
        Assert.Contains("refused", entry["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flip_WriteInFlightOutlastsTheFence_IsRefusedSayingSoAndTheWriteCompletes()
    {
        await OwnerFlipSteps.CanaryAsync(host);
        host.ServiceBackend.PendingChanges = 0;
        var before = await File.ReadAllTextAsync(host.PlanPath, TestContext.Current.CancellationToken);
        var seen = host.LegacyBackend.Requests;
        // On its way to the monolith (the owner at canary) for longer than the whole fence.
        var slow = host.Client.SendAsync(HttpMethod.Post, "/api/catalog/products?delayMs=8000");
        await Eventually.MatchAsync(() => Task.FromResult(host.LegacyBackend.Requests), count => count > seen, "the slow write reached the monolith");

        using var refused = await OwnerFlipSteps.FlipAsync(host);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var detail = (await refused.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["detail"]!.GetValue<string>();
        Assert.Contains("refused: the writes already on their way to the monolith did not finish within the 5 s fence; nothing changed, writes went on to the monolith.", detail, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(host.PlanPath, TestContext.Current.CancellationToken));
        var served = await slow;
        Assert.Equal((HttpStatusCode.OK, "legacy"), (served.Status, served.ServedBy));
    }
}

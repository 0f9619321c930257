using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Safety;

/// <summary>A service whose DataSync cannot even be asked is found out before any write is held.</summary>
public sealed class OwnerMovePreflightTests(ProxyHost host) : IClassFixture<ProxyHost>
{
    [Fact]
    public async Task Move_ServiceDown_IsRefusedWithoutHoldingWrites()
    {
        await OwnerFlipSteps.CanaryAsync(host);
        var before = await File.ReadAllTextAsync(host.PlanPath, TestContext.Current.CancellationToken);
        await host.ServiceBackend.StopAsync();

        var fence = OwnerFlipSteps.Fence(host);
        var move = OwnerFlipSteps.FlipAsync(host);
        var heldMeanwhile = false;
        while (!move.IsCompleted)
        {
            heldMeanwhile |= fence.IsHeld("catalog");
            await Task.Yield();
        }

        using var refused = await move;
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var detail = (await refused.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["detail"]!.GetValue<string>();
        Assert.Contains("refused before holding any write", detail, StringComparison.Ordinal);
        Assert.False(heldMeanwhile);
        Assert.Equal(before, await File.ReadAllTextAsync(host.PlanPath, TestContext.Current.CancellationToken));
    }
}

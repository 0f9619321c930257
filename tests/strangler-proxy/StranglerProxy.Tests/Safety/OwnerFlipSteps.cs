using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using StranglerProxy.Safety;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Safety;

/// <summary>The steps of an owner flip the tests share: catalog, owning tables, in a 0 % canary; then the flip to extracted.</summary>
internal static class OwnerFlipSteps
{
    private static readonly object Tables = new { schema = "catalog" };

    public static WriteFence Fence(ProxyHost host) => host.Services.GetRequiredService<WriteFence>();

    public static Task CanaryAsync(ProxyHost host) =>
        host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "canary", Percent: 0) { Tables = Tables }));

    public static async Task<HttpResponseMessage> FlipAsync(ProxyHost host)
    {
        using var admin = host.CreateAdminClient(ProxyHost.TokenOf("dave"));
        return await admin.PutAsJsonAsync("/migration/api/modules/catalog/stage",
            new { stage = "extracted", reason = "owner flip" }, TestContext.Current.CancellationToken);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using StranglerProxy.Routing;
using StranglerProxy.Safety;
using StranglerProxy.Tests.Infrastructure;
using Yarp.ReverseProxy.Forwarder;

namespace StranglerProxy.Tests.Safety;

/// <summary>
/// Only what the service did counts against it: clients that abort, reset or send broken bodies never
/// roll a module back, however many; the service's own failures do, through the fenced owner move.
/// </summary>
public sealed class ServiceFailureTests(ServiceFailureTests.ExtractedHost host) : IClassFixture<ServiceFailureTests.ExtractedHost>
{
    private const int Aborts = 1_000;
    private static readonly object Policy = new { maxErrorRate = 0.05, window = "00:01:00", minRequests = 20 };
    private static readonly object Tables = new { schema = "catalog" };

    public sealed class ExtractedHost : ProxyHost
    {
        protected override string InitialPlan => PlanJson.With(new ModuleSpec("catalog", Service, "extracted", Percent: 10) { Rollback = Policy, Tables = Tables });
    }

    [Fact]
    public void Of_EveryForwarderError_IsClassified()
    {
        foreach (var error in Enum.GetValues<ForwarderError>())
        {
            _ = ServiceOutcomes.Of(error);
        }

        Assert.Equal(ServiceOutcome.Failed, ServiceOutcomes.Of(ForwarderError.Request));
        Assert.Equal(ServiceOutcome.Failed, ServiceOutcomes.Of(ForwarderError.RequestTimedOut));
        Assert.Equal(ServiceOutcome.Failed, ServiceOutcomes.Of(ForwarderError.NoAvailableDestinations));
        Assert.Equal(ServiceOutcome.ClientFault, ServiceOutcomes.Of(ForwarderError.RequestCanceled));
        Assert.Equal(ServiceOutcome.ClientFault, ServiceOutcomes.Of(ForwarderError.RequestBodyClient));
        Assert.Equal(ServiceOutcome.ClientFault, ServiceOutcomes.Of(ForwarderError.ResponseBodyClient));
    }

    [Fact]
    public async Task ClientsAbortingAThousandRequests_NeverRollBack_WhileTheServicesOwnFailuresDo()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "extracted", Percent: 10) { Rollback = Policy, Tables = Tables }));
        var address = host.Client.BaseAddress!;
        var counters = host.Services.GetRequiredService<RequestCounters>();
        var (_, servedBefore) = counters.Get("catalog");
        var failedBefore = counters.Failed("catalog");

        // A thousand requests the service would answer in 2 s, given up by their clients first, three ways.
        await Parallel.ForAsync(0, Aborts, new ParallelOptions { MaxDegreeOfParallelism = 50, CancellationToken = TestContext.Current.CancellationToken },
            async (i, token) =>
            {
                switch (i % 3)
                {
                    case 0:
                        using (var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
                        {
                            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Client.GetAsync("/api/catalog/items?delayMs=2000", impatient.Token));
                        }

                        break;
                    case 1:
                        await SendAndResetAsync(address, "GET /api/catalog/items?delayMs=2000 HTTP/1.1\r\nHost: proxy\r\n\r\n", token);
                        break;
                    default:
                        // A body promised and never sent.
                        await SendAndResetAsync(address,
                            "POST /api/catalog/items HTTP/1.1\r\nHost: proxy\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"half\":", token);
                        break;
                }
            });

        // The aborted requests reached the service's side and are done there (a client that reset its connection
        // before the proxy read the request never gets that far), and none counted as the service's failure.
        var (last, since) = (-1L, DateTime.UtcNow);
        await Eventually.MatchAsync(() =>
        {
            var counted = counters.Get("catalog").Extracted - servedBefore;
            (last, since) = counted == last ? (last, since) : (counted, DateTime.UtcNow);
            return Task.FromResult((Counted: counted, Still: DateTime.UtcNow - since));
        }, n => n.Counted >= Aborts / 2 && n.Still >= TimeSpan.FromMilliseconds(500), "the aborted requests are counted and none is in flight");
        Assert.Equal(failedBefore, counters.Failed("catalog"));
        Assert.False(host.Services.GetRequiredService<ReadOnlyRollbacks>().Any);
        Assert.False(host.Services.GetRequiredService<WriteFence>().IsHeld("catalog"));
        Assert.Equal(Stage.Extracted, host.Plans.Current.Plan.Modules["catalog"].Stage);
        using var admin = host.CreateAdminClient();
        Assert.Empty((await admin.GetFromJsonAsync<JsonArray>("/migration/api/modules/catalog/audit", TestContext.Current.CancellationToken))!);

        // The same watch does see the service's own failures (its DataSync drains, so the owner can move back).
        host.ServiceBackend.SyncDirection = SyncDirection.ServiceToLegacy;
        try
        {
            for (var i = 0; i < 40 && host.Plans.Current.Plan.Modules["catalog"].Stage == Stage.Extracted; i++)
            {
                using var response = await host.Client.GetAsync("/api/catalog/items?status=500", TestContext.Current.CancellationToken);
            }

            await Eventually.MatchAsync(() => Task.FromResult(host.Plans.Current.Plan.Modules["catalog"].Stage), stage => stage == Stage.Canary,
                "the service's own failures roll catalog back");
        }
        finally
        {
            host.ServiceBackend.SyncDirection = SyncDirection.LegacyToService;
        }
    }

    /// <summary>Sends the start of a request, waits until the proxy has it, then resets the connection (RST, no FIN).</summary>
    private static async Task SendAndResetAsync(Uri proxy, string request, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, proxy.Port, cancellationToken);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
        await Task.Delay(100, cancellationToken); // Let the proxy start forwarding before the client goes.
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using StranglerProxy.Routing;
using StranglerProxy.Safety;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Safety;

/// <summary>
/// Only what the service did counts against it: clients that abort, reset or send broken bodies never
/// roll a module back, however many; the service's own failures do, through the fenced owner move.
/// </summary>
public sealed class ServiceFailureTests(ServiceFailureTests.ExtractedHost host) : IClassFixture<ServiceFailureTests.ExtractedHost>
{
    private const int Aborts = 1_000;
    private const int MinRequests = 20;
    private const string HalfABody = "POST /api/catalog/items?delayMs=2000 HTTP/1.1\r\nHost: proxy\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"half\":";
    private static readonly object Policy = new { maxErrorRate = 0.05, window = "00:01:00", minRequests = MinRequests };
    private static readonly object Tables = new { schema = "catalog" };

    public sealed class ExtractedHost : ProxyHost
    {
        protected override string InitialPlan => PlanJson.With(new ModuleSpec("catalog", Service, "extracted", Percent: 10) { Rollback = Policy, Tables = Tables });
    }

    [Fact]
    public async Task ClientsAbortingAThousandRequests_NeverRollBack_WhileTheServicesOwnFailuresDo()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "extracted", Percent: 10) { Rollback = Policy, Tables = Tables }));
        var address = host.Client.BaseAddress!;
        var counters = host.Services.GetRequiredService<RequestCounters>();
        var (_, servedBefore) = counters.Get("catalog");
        var failedBefore = counters.Failed("catalog");

        // A thousand requests the service would answer in 2 s, given up or broken by their clients first, five ways.
        await Parallel.ForAsync(0, Aborts, new ParallelOptions { MaxDegreeOfParallelism = 50, CancellationToken = TestContext.Current.CancellationToken },
            async (i, token) =>
            {
                switch (i % 5)
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
                    case 2:
                        // A body promised and never sent: the connection reset.
                        await SendAndResetAsync(address, HalfABody, token);
                        break;
                    case 3:
                        // A body promised and never sent: the connection closed in order.
                        Assert.False((await SendAndCloseAsync(address, HalfABody, token)).StartsWith("HTTP/1.1 2", StringComparison.Ordinal));
                        break;
                    default:
                        // A malformed chunked body, from a client that stays for the answer: the proxy's 400, nothing of the service.
                        Assert.StartsWith("HTTP/1.1 400 ", await SendAndReadAsync(address,
                            "POST /api/catalog/items?delayMs=2000 HTTP/1.1\r\nHost: proxy\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                            token), StringComparison.Ordinal);
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
        // Exactly the minimum of them tips it: none of the aborted requests counted as an answer either.
        host.ServiceBackend.SyncDirection = SyncDirection.ServiceToLegacy;
        try
        {
            for (var i = 0; i < MinRequests; i++)
            {
                using var response = await host.Client.GetAsync("/api/catalog/items?status=500", TestContext.Current.CancellationToken);
            }

            await Eventually.MatchAsync(() => Task.FromResult(host.Plans.Current.Plan.Modules["catalog"].Stage), stage => stage == Stage.Canary,
                "the service's own failures roll catalog back");
            // The engine audits after it swaps the plan: the entry is the rollback's last write.
            var audit = await Eventually.MatchAsync(
                async () => (await admin.GetFromJsonAsync<JsonArray>("/migration/api/modules/catalog/audit", TestContext.Current.CancellationToken))!,
                entries => entries.Count > 0, "the rollback is in the audit trail");
            Assert.Equal(AutomaticRollback.Actor, Assert.Single(audit)!["actor"]!.GetValue<string>());
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

    /// <summary>Sends the start of a request, closes the sending side (FIN) and reads what the proxy answers until it closes too.</summary>
    private static async Task<string> SendAndCloseAsync(Uri proxy, string request, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, proxy.Port, cancellationToken);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
        socket.Shutdown(SocketShutdown.Send);
        return await ReadToCloseAsync(socket, cancellationToken);
    }

    /// <summary>Sends a whole request and reads what the proxy answers until it closes the connection.</summary>
    private static async Task<string> SendAndReadAsync(Uri proxy, string request, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, proxy.Port, cancellationToken);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
        return await ReadToCloseAsync(socket, cancellationToken);
    }

    private static async Task<string> ReadToCloseAsync(Socket socket, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Eventually.DefaultTimeout);
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, timeout.Token)) > 0)
            {
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (SocketException)
        {
            // Reset rather than closed: what came before is the answer.
        }

        return answer.ToString();
    }
}

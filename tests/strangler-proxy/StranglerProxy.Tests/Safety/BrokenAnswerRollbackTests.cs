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
/// A service whose answers break off mid-body fails them. The proxy then aborts the client's connection
/// itself, so each such request also looks aborted: it still counts against the service, every one.
/// </summary>
public sealed class BrokenAnswerRollbackTests(BrokenAnswerRollbackTests.BreaksOffHost host) : IClassFixture<BrokenAnswerRollbackTests.BreaksOffHost>
{
    private const int MinRequests = 20;

    [Fact]
    public async Task Get_ServicesAnswersBreakOffMidBody_EachCountsAsItsFailureAndRollsBack()
    {
        await host.ApplyPlanAsync(PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "extracted", Percent: 10)
        {
            Rollback = new { maxErrorRate = 0.05, window = "00:01:00", minRequests = MinRequests },
        }));
        var counters = host.Services.GetRequiredService<RequestCounters>();
        var failedBefore = counters.Failed("catalog");

        for (var i = 0; i < MinRequests; i++)
        {
            // The start of the answer went out, so there is no falling back: the client's answer breaks off too.
            var broken = await Record.ExceptionAsync(() => host.Client.GetStringAsync($"/api/catalog/items/{i}", TestContext.Current.CancellationToken));
            Assert.True(broken is HttpRequestException or IOException, $"the answer breaks off; got {broken?.GetType().Name ?? "a whole answer"}");
        }

        await Eventually.MatchAsync(() => Task.FromResult(counters.Failed("catalog") - failedBefore), failed => failed == MinRequests,
            "every broken answer is counted as the service's failure");
        await Eventually.MatchAsync(() => Task.FromResult(host.Plans.Current.Plan.Modules["catalog"].Stage), stage => stage == Stage.Canary,
            "the broken answers roll catalog back");
        using var admin = host.CreateAdminClient();
        var audit = await Eventually.MatchAsync(
            async () => (await admin.GetFromJsonAsync<JsonArray>("/migration/api/modules/catalog/audit", TestContext.Current.CancellationToken))!,
            entries => entries.Count > 0, "the rollback is in the audit trail");
        Assert.Equal(AutomaticRollback.Actor, Assert.Single(audit)!["actor"]!.GetValue<string>());
    }

    /// <summary>
    /// The proxy with a catalog-service that is healthy on /health/live but sends every other answer's headers
    /// and the first bytes of its body, then closes the connection. Passive health checks are off, so every
    /// request reaches it.
    /// </summary>
    public sealed class BreaksOffHost : ProxyHost
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stopping = new();
        private Task _serving = Task.CompletedTask;

        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            [$"Services:{Service}:http:0"] = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}",
            ["Migration:Proxy:PassiveHealthChecks"] = "false",
        };

        public override async ValueTask InitializeAsync()
        {
            _listener.Start();
            _serving = ServeAsync(_stopping.Token);
            await base.InitializeAsync();
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            await _stopping.CancelAsync();
            _listener.Stop();
            await _serving;
            _stopping.Dispose();
        }

        private async Task ServeAsync(CancellationToken stopping)
        {
            try
            {
                while (true)
                {
                    _ = AnswerAsync(await _listener.AcceptSocketAsync(stopping));
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        private static async Task AnswerAsync(Socket socket)
        {
            using (socket)
            {
                try
                {
                    var head = await ReadHeadAsync(socket);
                    var answer = head.StartsWith("GET /health/live ", StringComparison.Ordinal)
                        ? "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        : "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n{\"items\":[";
                    await socket.SendAsync(Encoding.ASCII.GetBytes(answer));
                    socket.Shutdown(SocketShutdown.Send); // The end of the stream, 990 bytes short of what was promised.
                }
                catch (SocketException)
                {
                    // The proxy gave up on this connection first.
                }
            }
        }

        private static async Task<string> ReadHeadAsync(Socket socket)
        {
            var head = new StringBuilder();
            var buffer = new byte[4096];
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await socket.ReceiveAsync(buffer);
                if (read == 0)
                {
                    break;
                }

                head.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            return head.ToString();
        }
    }
}

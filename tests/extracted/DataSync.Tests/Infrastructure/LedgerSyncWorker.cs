using DataSync.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataSync.Tests.Infrastructure;

/// <summary>
/// DataSync in the worker role for the ledger between two test databases, as a service's worker runs it (Hangfire in
/// memory, change sync every 100 ms), following a plan file the test rewrites to move the ledger through its stages.
/// </summary>
internal sealed class LedgerSyncWorker : IAsyncDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("ledger-worker-");
    private readonly IHost _host;

    private LedgerSyncWorker(LedgerDatabase legacy, LedgerDatabase service, string stage)
    {
        SetStage(stage);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DataSync:Role"] = "worker",
            ["DataSync:ChangeInterval"] = "00:00:00.100",
            ["DataSync:BackfillOnStart"] = "false",
            ["Migration:PlanPath"] = PlanPath,
        });
        builder.AddDataSync(new ModuleSync("ledger", _ => legacy.Context(), _ => service.Context()));
        _host = builder.Build();
    }

    public IServiceProvider Services => _host.Services;

    private string PlanPath => Path.Combine(_folder.FullName, "migration.json");

    public static async Task<LedgerSyncWorker> StartAsync(LedgerDatabase legacy, LedgerDatabase service, string stage)
    {
        var worker = new LedgerSyncWorker(legacy, service, stage);
        await worker._host.StartAsync(TestContext.Current.CancellationToken);
        return worker;
    }

    /// <summary>Moves the ledger to another stage, as an operator's edit of the plan does (written whole, then swapped in).</summary>
    public void SetStage(string stage)
    {
        File.WriteAllText(PlanPath + ".tmp", $$"""
            {
              "legacy": { "service": "legacy" },
              "modules": {
                "ledger": { "routes": ["/api/ledger/{**rest}"], "service": "ledger-service", "stage": "{{stage}}", "canary": { "percent": 10 } }
              }
            }
            """);
        File.Move(PlanPath + ".tmp", PlanPath, overwrite: true);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
        _folder.Delete(recursive: true);
    }
}

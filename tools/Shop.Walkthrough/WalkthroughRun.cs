using Contracts.Admin;
using Contracts.DataSync;
using System.Collections.Frozen;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Migrate.Cli.Commands;
using Migration.Analysis;
using Migration.Analysis.Diff;
using Migration.Analysis.Modules;
using Migration.Analysis.Reading;
using Migration.Analysis.Reports;
using Plan;

namespace Shop.Walkthrough;

/// <summary>
/// The migration of each module, step by step, on a running estate under traffic: analysis, backfill,
/// sync, shadow, canary 10 % then 50 %, the fenced owner flip, reconciliation, analysis after. Each step
/// is a row of the table; a step that breaks a promise (a failed request, rows that drifted, a gate that
/// never opened) is marked, and the run goes on to tell the whole story.
/// </summary>
internal sealed class WalkthroughRun(
    WalkthroughOptions options, MigrationPlan plan, RunningEstate estate, Traffic traffic, ProxyAdminClient admin, Progress progress, StepTable table) : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    /// <summary>Between two asks for a refused owner move: long enough for a burst of writes to finish.</summary>
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, Stage> _stages = plan.Modules.Values.ToDictionary(m => m.Name, m => m.Stage, StringComparer.Ordinal);
    /// <summary>DataSync's status and reconcile, as the estate's own calls.</summary>
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(5), DefaultRequestHeaders = { { Contracts.Estate.ServiceKey.Header, estate.ServiceKey } } };
    private readonly Dictionary<string, AnalysisReport> _reports = new(StringComparer.Ordinal);
    private int? _observed;

    public List<StepResult> Steps { get; } = [];

    /// <summary>The coupling report of every state the estate went through, baseline first.</summary>
    public List<(string Name, AnalysisReport Report)> States { get; } = [];

    /// <summary>Each module's shadow report (matches, mismatches and their differences) when it left shadow.</summary>
    public Dictionary<string, ShadowReport> ShadowReports { get; } = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await AddStateAsync("baseline");
        foreach (var module in options.Modules)
        {
            // The readiness of the module still in the monolith: what would block it if it were extracted next.
            await StepAsync(module, "baseline analysis", () => Task.FromResult(
                Analyze().Readiness.Single(r => r.Module == module).BlockedBy is { Count: > 0 } blockers
                    ? $"extracting {module} would be blocked: {string.Join("; ", blockers.Select(b => b.Key))}"
                    : null), cancellationToken);
            await StepAsync(module, "backfill", () => UntilAsync($"the backfill of {module}",
                async () => (await SyncStatusAsync(module, cancellationToken)).BackfillComplete, cancellationToken), cancellationToken);
            await StepAsync(module, "sync", () => UntilAsync($"the change log of {module} to drain",
                async () => (await SyncStatusAsync(module, cancellationToken)).PendingChanges == 0, cancellationToken), cancellationToken);
            await StepAsync(module, "shadow", async () =>
            {
                await ChangeStageAsync(module, Stage.Shadow, null);
                var broken = await UntilAsync($"the promotion gate of {module} (shadow comparisons)", async () => await PromotionPassedAsync(module), cancellationToken);
                ShadowReports[module] = await ShadowReportAsync(module);
                return broken;
            }, cancellationToken);
            foreach (var percent in new[] { 10, 50 })
            {
                await StepAsync(module, $"canary {percent} %", async () =>
                {
                    await ChangeStageAsync(module, Stage.Canary, percent);
                    await ObserveAsync(module, $"observing {module} at {percent} %", cancellationToken);
                    return null;
                }, cancellationToken);
            }

            await StepAsync(module, "extracted", async () =>
            {
                await progress.WhileAsync($"flipping the owner of {module}'s data (fenced)", () => ChangeStageAsync(module, Stage.Extracted, null));
                await ObserveAsync(module, $"observing {module} extracted", cancellationToken);
                return null;
            }, cancellationToken);
            await StepAsync(module, "reconcile", () => ReconcileAsync(module, cancellationToken), cancellationToken);
            await StepAsync(module, "back and forth", () => BackAndForthAsync(module, cancellationToken), cancellationToken);
            await StepAsync(module, "analysis after", async () =>
            {
                await AddStateAsync($"{module} extracted");
                return null;
            }, cancellationToken);
        }
    }

    /// <summary>
    /// The way back, proven under traffic: the module's data owner moves back to the monolith (canary 50 %,
    /// fenced: the service's log drains first) while writes keep coming, then forward again; no acknowledged
    /// write is missing on either side of the round trip, and the tables agree row by row.
    /// </summary>
    private async Task<string?> BackAndForthAsync(string module, CancellationToken cancellationToken)
    {
        // The catalog's prices are the writes a client sees acknowledged; other modules are held to the reconcile.
        await using var probe = module == "catalog" ? new PriceProbe(traffic.Proxy, traffic.Products.Take(4)) : null;
        // The service's log drains first (the writes go on), so the fence has only the last moment's writes to wait for.
        if (await UntilAsync($"the change log of {module} to drain", async () => (await SyncLagAsync(module, cancellationToken)) == 0, cancellationToken) is { } behind)
        {
            return behind;
        }

        await progress.WhileAsync($"moving the owner of {module}'s data back to the monolith (fenced)", () => ChangeStageAsync(module, Stage.Canary, 50));
        await ObserveAsync(module, $"observing {module} back at canary 50 %", cancellationToken);
        if (probe is not null && await probe.StopAndCheckAsync(estate.Endpoint(Aspire.Hosting.EstateResources.Legacy), cancellationToken) is { } lost)
        {
            return lost;
        }

        // As before the first owner flip: the monolith's log drains (the orders go on), then the fenced move.
        if (await UntilAsync($"the change log of {module} to drain", async () => (await SyncLagAsync(module, cancellationToken)) == 0, cancellationToken) is { } stuck)
        {
            return stuck;
        }

        await progress.WhileAsync($"moving the owner of {module}'s data to the service again (fenced)", () => ChangeStageAsync(module, Stage.Extracted, null));
        await ObserveAsync(module, $"observing {module} extracted again", cancellationToken);
        if (probe is not null && await probe.CheckAsync(estate.SyncOf(module), cancellationToken) is { } lostAfter)
        {
            return lostAfter;
        }

        progress.Say($"{module}: back and forth with {probe?.Written ?? 0} acknowledged write(s) watched, none lost");
        return await ReconcileAsync(module, cancellationToken);
    }

    /// <summary>
    /// Watches the module under traffic at its new stage; the step's split is what this window saw (not
    /// the requests already on their way when the stage changed).
    /// </summary>
    private async Task ObserveAsync(string module, string what, CancellationToken cancellationToken)
    {
        _observed = traffic.BeginEpoch();
        await progress.WhileAsync(what, () => Task.Delay(options.CanaryObservation, cancellationToken));
        // The window closes: requests sent from now on belong to the next one.
        traffic.BeginEpoch();
    }

    /// <summary>Records the coupling of the state the estate is in, and puts it on the dashboard.</summary>
    private async Task AddStateAsync(string name)
    {
        var report = Analyze();
        States.Add((name, report));
        await PlanEdit.WriteAtomicallyAsync(WalkthroughCommand.CouplingReport(options), HtmlReport.Write(report), CancellationToken.None);
    }

    /// <summary>Runs one step and records its row: the module's traffic meanwhile, and the estate after it.</summary>
    private async Task StepAsync(string module, string name, Func<Task<string?>> work, CancellationToken cancellationToken)
    {
        var before = traffic.Of(module).Sample();
        _observed = null;
        var clock = Stopwatch.StartNew();
        progress.Say($"{module}: {name}");
        string? broken;
        try
        {
            broken = await work();
        }
        catch (Exception ex) when (ex is HttpRequestException or AnalysisException or InvalidOperationException or TimeoutException)
        {
            broken = ex.Message;
        }

        var now = traffic.Of(module).Sample();
        var during = now - before;
        if (during.Failed > 0)
        {
            broken = string.Join("; ", new[] { broken, $"{during.Failed} failed request(s), the last: {traffic.Of(module).LastFailure}" }.OfType<string>());
        }

        // Requests and failures over the whole step; the split over what it observed at its new stage.
        var observed = _observed is { } epoch ? traffic.Of(module).SentIn(epoch) : during;
        var step = new StepResult(module, name, _stages[module].ToPlanName(), during, observed, await MismatchesAsync(module),
            await SyncLagAsync(module, cancellationToken), Crossing(), clock.Elapsed, broken);
        Steps.Add(step);
        table.Write(step);
    }

    private async Task<string?> UntilAsync(string what, Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        var met = await progress.WhileAsync($"waiting for {what}", async () =>
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < options.StepTimeout)
            {
                if (await condition())
                {
                    return true;
                }

                await Task.Delay(Poll, cancellationToken);
            }

            return false;
        });
        return met ? null : $"gave up waiting for {what} after {options.StepTimeout.TotalSeconds:0} s";
    }

    /// <summary>
    /// Moves the module through the proxy. A refused owner move changed nothing and is safe to ask again: the
    /// walkthrough does, a few times and a moment apart, as an operator would while the sync catches up with the
    /// writes (or a busy machine finishes the writes already on their way).
    /// </summary>
    private async Task ChangeStageAsync(string module, Stage stage, double? percent)
    {
        const int Attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            var (status, _, problem) = await admin.SendAsync<ModuleStatus>(HttpMethod.Put, AdminPaths.Relative(AdminPaths.ModuleStage, module),
                new ChangeStageRequest(stage.ToPlanName(), percent, "walkthrough"));
            if (status == HttpStatusCode.OK)
            {
                _stages[module] = stage;
                return;
            }

            var why = CommandRunner.Why(problem);
            if (status != HttpStatusCode.Conflict || !why.StartsWith("Owner move", StringComparison.Ordinal) || attempt == Attempts)
            {
                throw new InvalidOperationException($"the proxy refused {module} -> {stage.ToPlanName()}: {(int)status} {why}");
            }

            progress.Say($"{module}: the owner move was refused, nothing changed; asking again in a moment ({why})");
            await Task.Delay(RetryPause);
        }
    }

    private async Task<bool> PromotionPassedAsync(string module) =>
        ModuleStatusOf(await StatusAsync(), module)?.Shadow?.Promotion.Passed == true;

    private async Task<long> MismatchesAsync(string module)
    {
        try
        {
            return ModuleStatusOf(await StatusAsync(), module)?.Shadow?.Mismatched ?? 0;
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or JsonException or TaskCanceledException)
        {
            return -1; // The proxy did not say; the row shows it rather than the run ending here.
        }
    }

    private async Task<ShadowReport> ShadowReportAsync(string module)
    {
        var (status, report, _) = await admin.SendAsync<ShadowReport>(HttpMethod.Get, AdminPaths.Relative(AdminPaths.ModuleShadow, module));
        return report ?? throw new InvalidOperationException($"the proxy's shadow report of {module}: {(int)status}");
    }

    private async Task<StatusResponse> StatusAsync()
    {
        var (status, body, _) = await admin.SendAsync<StatusResponse>(HttpMethod.Get, AdminPaths.Relative(AdminPaths.Status));
        return body ?? throw new InvalidOperationException($"the proxy's status: {(int)status}");
    }

    private static ModuleStatus? ModuleStatusOf(StatusResponse status, string module) => status.Modules.FirstOrDefault(m => m.Name == module);

    private async Task<SyncStatus> SyncStatusAsync(string module, CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<SyncStatus>(new Uri(estate.SyncOf(module), SyncStatus.PathOf(module)), cancellationToken)
            ?? throw new InvalidOperationException($"{module}'s DataSync status is empty");

    private async Task<int?> SyncLagAsync(string module, CancellationToken cancellationToken)
    {
        try
        {
            return (await SyncStatusAsync(module, cancellationToken)).PendingChanges;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException
            || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>Compares the module's tables at rest: traffic holds, the change log drains, then owner and follower must agree row by row.</summary>
    private async Task<string?> ReconcileAsync(string module, CancellationToken cancellationToken)
    {
        await traffic.PauseAsync(cancellationToken);
        try
        {
            if (await UntilAsync($"the change log of {module} to drain", async () => (await SyncLagAsync(module, cancellationToken)) == 0, cancellationToken) is { } stuck)
            {
                return stuck;
            }

            var report = await progress.WhileAsync($"reconciling {module}", async () =>
            {
                using var response = await _http.PostAsync(new Uri(estate.SyncOf(module), ReconcileReport.PathOf(module, repair: false)), null, cancellationToken);
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadFromJsonAsync<ReconcileReport>(cancellationToken)
                    ?? throw new InvalidOperationException($"an empty reconcile report of {module}");
            });
            var drift = report.Tables
                .Select(t => (t.Table, Rows: t.Missing.Count + t.Extra.Count + t.Different.Count))
                .Where(t => t.Rows > 0)
                .ToList();
            return drift.Count == 0 ? null : $"rows drifted: {string.Join(", ", drift.Select(d => $"{d.Table} {d.Rows}"))}";
        }
        finally
        {
            traffic.Resume();
        }
    }

    private MigrationPlan CurrentPlan() => plan with
    {
        Modules = plan.Modules.Values.Select(m => m with { Stage = _stages[m.Name] }).ToFrozenDictionary(m => m.Name, StringComparer.Ordinal),
    };


    /// <summary>The coupling report of the plan as it stands (one analysis per combination of stages).</summary>
    private AnalysisReport Analyze()
    {
        var key = string.Join(",", _stages.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"));
        if (!_reports.TryGetValue(key, out var report))
        {
            report = Analyzer.Analyze(new AnalysisRequest(AssemblySet.Collect([options.Assemblies]), ModuleMap.FromPlan(CurrentPlan())));
            _reports[key] = report;
        }

        return report;
    }

    /// <summary>Type references crossing a process boundary as the plan stands.</summary>
    private int Crossing()
    {
        var report = Analyze();
        return BoundaryCoupling.Of(report, report.Modules.ToDictionary(m => m.Name, m => m.Deployable)).TypeReferences;
    }

    public void Dispose() => _http.Dispose();
}

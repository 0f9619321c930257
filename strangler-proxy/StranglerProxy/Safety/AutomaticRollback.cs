using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using Plan.Transitions;
using StranglerProxy.Plan;
using StranglerProxy.Store;

namespace StranglerProxy.Safety;

/// <summary>
/// Watches the extracted side's answers per module in canary and extracted. When their error rate over
/// the plan's window passes its threshold (with enough answers), it takes the module back one stage
/// (the highest lower stage the plan accepts) through the transition engine, so a move of the data owner
/// is fenced and audited like any other, and then leaves the module alone for the cool-down, so it never
/// flaps. Where the fence cannot complete, it moves reads only (<see cref="ReadOnlyRollbacks"/>). With a
/// shared plan store it weighs every replica's answers together (<see cref="ClusterEvidence"/>), and the
/// change, decided on the stage the failures were seen at, applies once, whichever replica gets there first.
/// </summary>
internal sealed partial class AutomaticRollback(
    StageTransitions transitions, IPlanVersions plans, ReadOnlyRollbacks readOnly, IAuditTrail audit, ClusterEvidence others, TimeProvider time,
    IOptions<PlanOptions> options, IHostApplicationLifetime lifetime, ILogger<AutomaticRollback> logger) : IHostedService
{
    public const string Actor = "strangler-proxy (automatic rollback)";

    private readonly ConcurrentDictionary<string, Watch> _watches = new(StringComparer.Ordinal);

    /// <summary>Rollbacks under way, which the proxy lets finish (plan and audit written) before it stops.</summary>
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Waits, within the host's shutdown time, for rollbacks under way: they see ApplicationStopping and end their writes.</summary>
    public Task StopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_running.Keys.Select(rollback => rollback.ContinueWith(static _ => { }, TaskScheduler.Default))).WaitAsync(cancellationToken);

    /// <summary>
    /// Counts one answer of the extracted side, failed as <see cref="ServiceOutcomes"/> judges it. Requests
    /// that say nothing about the service (a client's abort) are not passed in.
    /// </summary>
    public void Observe(ModulePlan module, bool failed)
    {
        if (module.Stage is not (Stage.Canary or Stage.Extracted))
        {
            return;
        }

        var watch = WatchOf(module);
        var now = time.GetUtcNow();
        watch.Window.Add(now, failed);
        if (failed)
        {
            Consider(module, watch, now); // Only a failure here can tip the rate over the threshold between two reports of the others.
        }
    }

    /// <summary>
    /// Weighs the module's window again with the other replicas' latest reports (called when they arrive):
    /// failures spread over replicas, each under the threshold alone, roll the module back together.
    /// </summary>
    public void Evaluate(ModulePlan module)
    {
        if (module.Stage is Stage.Canary or Stage.Extracted)
        {
            Consider(module, WatchOf(module), time.GetUtcNow());
        }
    }

    /// <summary>This replica's own answers and failures of the module's service at its stage, within the window: what it reports to the others.</summary>
    public (int Total, int Failed) WindowOf(ModulePlan module) =>
        _watches.TryGetValue(module.Name, out var watch) && watch.Stage == module.Stage ? watch.Window.Totals(time.GetUtcNow()) : (0, 0);

    private Watch WatchOf(ModulePlan module)
    {
        // A new stage or a new window starts a new watch: answers from before a flip say nothing about after it.
        if (!_watches.TryGetValue(module.Name, out var watch) || watch.Stage != module.Stage || watch.Window.Window != module.Rollback.Window)
        {
            watch = _watches.AddOrUpdate(module.Name,
                static (_, plan) => new Watch(plan.Stage, new ErrorWindow(plan.Rollback.Window)),
                static (_, existing, plan) => existing.Stage == plan.Stage && existing.Window.Window == plan.Rollback.Window
                    ? existing
                    : existing.Successor(plan.Stage, new ErrorWindow(plan.Rollback.Window)),
                module);
        }

        return watch;
    }

    private void Consider(ModulePlan module, Watch watch, DateTimeOffset now)
    {
        var (total, failures) = watch.Window.Totals(now);
        var (othersTotal, othersFailed) = others.AnswersOf(module.Name, module.Stage);
        (total, failures) = (total + othersTotal, failures + othersFailed);
        if (total < module.Rollback.MinRequests || (double)failures / total <= module.Rollback.MaxErrorRate)
        {
            return;
        }

        // A stopping proxy starts no rollback: requests still draining must not begin a write the shutdown does not wait for.
        if (!lifetime.ApplicationStopping.IsCancellationRequested && watch.TryBegin(now, options.Value.RollbackCoolDown))
        {
            var rollback = RollBackAsync(module, total, failures, watch);
            _running[rollback] = 0;
            _ = rollback.ContinueWith(done => _running.TryRemove(done, out _), TaskScheduler.Default);
        }
    }

    private async Task RollBackAsync(ModulePlan module, int total, int failures, Watch watch)
    {
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"Automatic rollback: {failures} of {total} answers of {module.Service} failed ({100.0 * failures / total:0.#} %) within {module.Rollback.Window}, over the {module.Rollback.MaxErrorRate:P1} threshold.");
        // The highest lower stage the plan accepts (canary needs a percent, say): through the engine, so a
        // move of the data owner is fenced like any other.
        foreach (var stage in Enum.GetValues<Stage>().Where(s => s < module.Stage).OrderDescending())
        {
            // Decided on the stage the failures were seen at: where another replica rolled the module back first, this one finds a conflict, not a second rollback.
            var result = await transitions.RunAsync(new StageChange(module.Name, stage, null, reason, Actor, Force: true) { ExpectedFrom = module.Stage },
                lifetime.ApplicationStopping);
            switch (result.Outcome)
            {
                case StageChangeOutcome.Applied:
                    LogRolledBack(logger, module.Name, module.Stage.ToPlanName(), stage.ToPlanName(), reason);
                    watch.Window.Clear();
                    return;
                case StageChangeOutcome.Invalid:
                    continue;
                case StageChangeOutcome.Refused when module.MovesTheDataOwner(stage):
                    await ReadsOnlyAsync(module, stage, reason, result.Reason!);
                    return;
                case StageChangeOutcome.Conflict:
                    // Another replica (or an operator) moved the module first, on the same evidence: one rollback, not two.
                    LogMovedMeanwhile(logger, module.Name, result.Reason ?? "");
                    return;
                default:
                    LogFailed(logger, module.Name, result.Reason ?? result.Outcome.ToString());
                    watch.Abandon();
                    return;
            }
        }
    }

    /// <summary>
    /// The service fails, but its writes cannot move to the monolith yet: the monolith serves reads, writes
    /// are refused (503), and the fenced move is tried again until it completes or someone moves the module.
    /// </summary>
    private async Task ReadsOnlyAsync(ModulePlan module, Stage target, string reason, string refusal)
    {
        var rollback = new ReadOnlyRollback(module.Name, module.Stage, target, $"{reason} {refusal}", time.GetUtcNow());
        readOnly.Begin(rollback);
        LogReadsOnly(logger, module.Name, target.ToPlanName(), refusal);
        await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), Actor, module.Name, module.Stage.ToPlanName(), module.Stage.ToPlanName(),
            module.Canary.Percent, module.Canary.Percent,
            $"{reason} Reads moved to the monolith; writes refused (503) until the owner move to {target.ToPlanName()} completes: {refusal}"), CancellationToken.None);
        try
        {
            using var retry = new PeriodicTimer(ReadOnlyRollbacks.RetryAfter, time);
            // Until the move completes, or the module is moved some other way (an operator's decision wins).
            while (await retry.WaitForNextTickAsync(lifetime.ApplicationStopping)
                && plans.Current.Plan.Modules.GetValueOrDefault(module.Name)?.Stage == module.Stage)
            {
                var result = await transitions.RunAsync(new StageChange(module.Name, target, null, $"{reason} [completing the read-only rollback]", Actor, Force: true),
                    lifetime.ApplicationStopping);
                if (result.Outcome != StageChangeOutcome.Refused)
                {
                    if (result.Applied)
                    {
                        LogRolledBack(logger, module.Name, module.Stage.ToPlanName(), target.ToPlanName(), reason);
                    }

                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The proxy stops; a read-only rollback lives in this process only.
        }
        finally
        {
            readOnly.End(module.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Module {Module} rolled back from {From} to {To}. {Reason}")]
    private static partial void LogRolledBack(ILogger logger, string module, string from, string to, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Automatic rollback of {Module} not needed here: {Reason}")]
    private static partial void LogMovedMeanwhile(ILogger logger, string module, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Automatic rollback of {Module} could not write the plan: {Reason}")]
    private static partial void LogFailed(ILogger logger, string module, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Automatic rollback of {Module} moved READS ONLY: its writes are refused (503) until the owner move to {Stage} completes. {Refusal}")]
    private static partial void LogReadsOnly(ILogger logger, string module, string stage, string refusal);

    /// <summary>One module's window, and when it may next be rolled back.</summary>
    private sealed class Watch(Stage stage, ErrorWindow window, DateTimeOffset quietUntil = default)
    {
        private readonly Lock _gate = new();
        private DateTimeOffset _quietUntil = quietUntil;

        public Stage Stage { get; } = stage;

        public ErrorWindow Window { get; } = window;

        /// <summary>The watch of the module's next stage, keeping the cool-down: a rollback's own flip must not end it.</summary>
        public Watch Successor(Stage next, ErrorWindow nextWindow)
        {
            lock (_gate)
            {
                return new Watch(next, nextWindow, _quietUntil);
            }
        }

        public bool TryBegin(DateTimeOffset now, TimeSpan coolDown)
        {
            lock (_gate)
            {
                if (now < _quietUntil)
                {
                    return false;
                }

                _quietUntil = now + coolDown;
                return true;
            }
        }

        /// <summary>The rollback could not be written: the next failure may try again.</summary>
        public void Abandon()
        {
            lock (_gate)
            {
                _quietUntil = DateTimeOffset.MinValue;
            }
        }
    }
}

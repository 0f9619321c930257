using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Plan.Transitions;
using ServiceDefaults.Management;
using StranglerProxy.Plan;
using StranglerProxy.Routing;
using StranglerProxy.Safety;
using StranglerProxy.Shadow;
using StranglerProxy.Store;
using Yarp.ReverseProxy;

namespace StranglerProxy.Admin;

/// <summary>
/// The admin API under /migration/api: status, stage changes (through the transition engine: gate, fence,
/// compare-and-swap, audit) and the audit trail, on the management port. Off (not mapped at all) unless an admin token is configured.
/// </summary>
internal static partial class AdminApi
{
    public static IEndpointRouteBuilder MapMigrationAdminApi(this IEndpointRouteBuilder app)
    {
        var tokens = AdminTokens.From(app.ServiceProvider.GetRequiredService<IConfiguration>());
        var logger = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminApi));
        if (tokens is null)
        {
            LogAdminOff(logger, AdminTokens.TokenKey, AdminTokens.NamedTokensKey);
            return app;
        }

        var api = app.MapGroup(AdminPaths.Root).WithTags("Migration admin").AddEndpointFilter(new BearerTokenFilter(tokens)).OnManagementPort();
        api.MapGet(AdminPaths.Status, GetStatus);
        api.MapPut(AdminPaths.ModuleStage, ChangeStage);
        api.MapGet(AdminPaths.ModuleAudit, GetModuleAudit);
        api.MapGet(AdminPaths.ModuleShadow, GetShadow);
        api.MapDelete(AdminPaths.ModuleShadow, ResetShadow);
        api.MapGet(AdminPaths.Audit, GetAudit);
        return app;
    }

    public static async Task<Ok<StatusResponse>> GetStatus(
        PlanStore store, RequestCounters counters, IProxyStateLookup proxyState, ShadowStats shadow, ReadOnlyRollbacks readOnly, Replicas replicas,
        CancellationToken cancellationToken)
    {
        var snapshot = store.Current;
        var plan = snapshot.Plan;
        var modules = plan.Modules.Values
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => StatusOf(plan, m, counters, proxyState, shadow) with { WritesRefused = readOnly.Of(m)?.Reason })
            .ToList();
        var (unclaimed, _) = counters.Get(ProxyConfigFactory.Unclaimed);
        var rejection = store.LastRejection is { } r ? new RejectionInfo(r.At, r.Errors) : null;
        var differs = store.FileDiffers
            ? $"The plan file {store.FilePath} differs from the plan the store was seeded from; the store's plan serves and the file is not applied over it."
            : null;
        return TypedResults.Ok(new StatusResponse(
            new PlanInfo(snapshot.File, snapshot.Version, snapshot.LoadedAt, plan.Legacy.Service) { FileDiffers = differs }, rejection, modules,
            new RequestCountsResponse(unclaimed, 0))
        {
            Replicas = await replicas.ListAsync(cancellationToken),
        });
    }

    public static async Task<Results<Ok<ModuleStatus>, NotFound<ProblemDetails>, ValidationProblem, Conflict<ProblemDetails>>> ChangeStage(
        string module, ChangeStageRequest request, HttpContext context, PlanStore store, StageTransitions transitions,
        RequestCounters counters, IProxyStateLookup proxyState, ShadowStats shadow, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!StageNames.TryParse(request.Stage, out var stage))
        {
            errors["stage"] = [$"'stage' must be one of {StageNames.All}."];
        }

        if (request.Percent is { } p && (double.IsNaN(p) || p < 0 || p > 100))
        {
            errors["percent"] = ["'percent' must be from 0 to 100."];
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 500)
        {
            errors["reason"] = ["'reason' is required (at most 500 characters): it goes into the audit trail."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The stage change is invalid.");
        }

        // The actor is whoever holds the token, not what the body says.
        var result = await transitions.RunAsync(
            new StageChange(module, stage, request.Percent, request.Reason!, AdminCaller.Of(context).Name, request.Force) { ExpectedVersion = request.ExpectedVersion },
            cancellationToken);
        switch (result.Outcome)
        {
            case StageChangeOutcome.UnknownModule:
                return UnknownModule(module);
            case StageChangeOutcome.Invalid:
                return TypedResults.ValidationProblem(
                    result.Errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray()),
                    title: "The plan would be invalid after this change; nothing was written.");
            case StageChangeOutcome.Refused:
                var refused = Refused(result.Override is null ? "The stage change was refused." : "The promotion gate refused the change.", result.Reason);
                if (result.Override is { } how)
                {
                    refused.Value!.Extensions["force"] = how;
                }

                return refused;
            case StageChangeOutcome.Conflict:
                var conflict = Refused("The plan changed meanwhile; nothing was written.", result.Reason);
                conflict.Value!.Extensions["currentVersion"] = store.Current.Version;
                return conflict;
            case StageChangeOutcome.Unwritable:
                return Refused("The plan cannot be changed through this proxy.", result.Reason);
        }

        // Answer once the proxy routes by the new plan, so "200" means the change is in force (and audited: the engine wrote the entry).
        await proxyState.WaitForClustersAsync(store.Current.Plan, TimeSpan.FromSeconds(5), cancellationToken);
        return TypedResults.Ok(StatusOf(store.Current.Plan, result.After!, counters, proxyState, shadow));
    }

    public static Results<Ok<ShadowReport>, NotFound<ProblemDetails>> GetShadow(string module, PlanStore store, ShadowStats shadow) =>
        store.Current.Plan.Modules.GetValueOrDefault(module) is { } plan
            ? TypedResults.Ok(shadow.Report(plan))
            : UnknownModule(module);

    /// <summary>Starts counting afresh, for instance after a fix to the service: older findings no longer apply.</summary>
    public static async Task<Results<NoContent, NotFound<ProblemDetails>>> ResetShadow(
        string module, PlanStore store, ShadowStats shadow, ClusterEvidence evidence, CancellationToken cancellationToken)
    {
        if (!store.Current.Plan.Modules.ContainsKey(module))
        {
            return UnknownModule(module);
        }

        // Every replica sharing the plan store starts afresh too, within its next exchange of evidence.
        await evidence.ResetShadowEverywhereAsync(module, cancellationToken);
        shadow.Reset(module);
        return TypedResults.NoContent();
    }

    /// <summary>A valid request the estate's state refuses: 409, with the reason.</summary>
    private static Conflict<ProblemDetails> Refused(string title, string? detail) => TypedResults.Conflict(new ProblemDetails
    {
        Title = title,
        Detail = detail,
        Status = StatusCodes.Status409Conflict,
    });

    private static NotFound<ProblemDetails> UnknownModule(string module) => TypedResults.NotFound(new ProblemDetails
    {
        Title = "Unknown module.",
        Detail = $"The plan has no module '{module}'.",
        Status = StatusCodes.Status404NotFound,
    });

    public static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, NotFound>> GetModuleAudit(
        string module, PlanStore store, AuditLog audit, CancellationToken cancellationToken) =>
        store.Current.Plan.Modules.ContainsKey(module)
            ? TypedResults.Ok(await audit.ReadAsync(module, cancellationToken))
            : TypedResults.NotFound();

    public static async Task<Ok<IReadOnlyList<AuditEntry>>> GetAudit(AuditLog audit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await audit.ReadAsync(module: null, cancellationToken));

    private static ModuleStatus StatusOf(MigrationPlan plan, ModulePlan module, RequestCounters counters, IProxyStateLookup proxyState, ShadowStats shadow)
    {
        var (legacy, extracted) = counters.Get(module.Name);
        var clusters = module.Stage switch
        {
            Stage.Legacy => [plan.Legacy.Service],
            Stage.Shadow or Stage.Canary => [plan.Legacy.Service, module.Service],
            _ => new[] { module.Service },
        };
        return new ModuleStatus(
            module.Name, module.Stage.ToPlanName(), module.Canary.Percent, module.Canary.StickyBy.ToString(), module.Service,
            module.Routes, new RequestCountsResponse(legacy, extracted), Destinations(proxyState, clusters), ShadowSummaryOf(module, shadow));
    }

    private static ShadowSummary? ShadowSummaryOf(ModulePlan module, ShadowStats shadow)
    {
        if (module.Stage > Stage.Canary)
        {
            return null;
        }

        var totals = shadow.Totals(module.Name);
        return new ShadowSummary(totals.Compared, totals.Matched, totals.Mismatched, totals.Errors, totals.Dropped, totals.MismatchRate,
            ShadowStats.Gate(module, totals));
    }

    private static List<DestinationStatus> Destinations(IProxyStateLookup proxyState, IEnumerable<string> clusters) =>
        clusters
            .SelectMany(cluster => proxyState.TryGetCluster(cluster, out var state)
                ? state.Destinations.Values.Select(d => new DestinationStatus(
                    cluster, d.DestinationId, d.Model.Config.Address, d.Health.Active.ToString(), d.Health.Passive.ToString()))
                : [new DestinationStatus(cluster, "", "", "Unknown", "Unknown")])
            .ToList();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The migration admin API is off: neither {Key} nor {NamedKey}:<name> is configured")]
    private static partial void LogAdminOff(ILogger logger, string key, string namedKey);
}

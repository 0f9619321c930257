using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using StranglerProxy.Plan;
using StranglerProxy.Routing;
using Yarp.ReverseProxy;

namespace StranglerProxy.Admin;

/// <summary>
/// The admin API under /migration/api: status, stage changes (validated, written atomically, audited)
/// and the audit trail. Off (not mapped at all) unless Migration:Admin:Token is configured.
/// </summary>
internal static partial class AdminApi
{
    public const string TokenKey = "Migration:Admin:Token";

    public static IEndpointRouteBuilder MapMigrationAdminApi(this IEndpointRouteBuilder app)
    {
        var token = app.ServiceProvider.GetRequiredService<IConfiguration>()[TokenKey];
        var logger = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminApi));
        if (string.IsNullOrWhiteSpace(token))
        {
            LogAdminOff(logger, TokenKey);
            return app;
        }

        var api = app.MapGroup("/migration/api").WithTags("Migration admin").AddEndpointFilter(new BearerTokenFilter(token));
        api.MapGet("/status", GetStatus);
        api.MapPut("/modules/{module}/stage", ChangeStage);
        api.MapGet("/modules/{module}/audit", GetModuleAudit);
        api.MapGet("/audit", GetAudit);
        return app;
    }

    public static Ok<StatusResponse> GetStatus(PlanStore store, RequestCounters counters, IProxyStateLookup proxyState)
    {
        var snapshot = store.Current;
        var plan = snapshot.Plan;
        var modules = plan.Modules.Values
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => StatusOf(plan, m, counters, proxyState))
            .ToList();
        var (unclaimed, _) = counters.Get(ProxyConfigFactory.Unclaimed);
        var rejection = store.LastRejection is { } r ? new RejectionInfo(r.At, r.Errors) : null;
        return TypedResults.Ok(new StatusResponse(
            new PlanInfo(snapshot.File, snapshot.Version, snapshot.LoadedAt, plan.Legacy.Service), rejection, modules,
            new RequestCountsResponse(unclaimed, 0)));
    }

    public static async Task<Results<Ok<ModuleStatus>, NotFound<ProblemDetails>, ValidationProblem>> ChangeStage(
        string module, ChangeStageRequest request, PlanStore store, PlanWriter writer, AuditLog audit,
        RequestCounters counters, IProxyStateLookup proxyState, TimeProvider time, CancellationToken cancellationToken)
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

        var before = store.Current.Plan.Modules.GetValueOrDefault(module);
        var result = await writer.SetStageAsync(module, stage, request.Percent, cancellationToken);
        if (result.ModuleMissing || before is null)
        {
            return TypedResults.NotFound(new ProblemDetails
            {
                Title = "Unknown module.",
                Detail = $"The plan has no module '{module}'.",
                Status = StatusCodes.Status404NotFound,
            });
        }

        if (!result.Succeeded)
        {
            return TypedResults.ValidationProblem(
                result.Errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray()),
                title: "The plan would be invalid after this change; nothing was written.");
        }

        // Answer once the proxy routes by the new plan, so "200" means the flip is in force.
        await proxyState.WaitForClustersAsync(store.Current.Plan, TimeSpan.FromSeconds(5), cancellationToken);
        var after = store.Current.Plan.Modules[module];
        await audit.AppendAsync(new AuditEntry(
            time.GetUtcNow(), string.IsNullOrWhiteSpace(request.Actor) ? "admin" : request.Actor.Trim(), module,
            before.Stage.ToPlanName(), after.Stage.ToPlanName(), before.Canary.Percent, after.Canary.Percent, request.Reason!.Trim()),
            cancellationToken);

        return TypedResults.Ok(StatusOf(store.Current.Plan, after, counters, proxyState));
    }

    public static async Task<Results<Ok<IReadOnlyList<AuditEntry>>, NotFound>> GetModuleAudit(
        string module, PlanStore store, AuditLog audit, CancellationToken cancellationToken) =>
        store.Current.Plan.Modules.ContainsKey(module)
            ? TypedResults.Ok(await audit.ReadAsync(module, cancellationToken))
            : TypedResults.NotFound();

    public static async Task<Ok<IReadOnlyList<AuditEntry>>> GetAudit(AuditLog audit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await audit.ReadAsync(module: null, cancellationToken));

    private static ModuleStatus StatusOf(MigrationPlan plan, ModulePlan module, RequestCounters counters, IProxyStateLookup proxyState)
    {
        var (legacy, extracted) = counters.Get(module.Name);
        var clusters = module.Stage switch
        {
            Stage.Legacy or Stage.Shadow => [plan.Legacy.Service],
            Stage.Canary => [plan.Legacy.Service, module.Service],
            _ => new[] { module.Service },
        };
        return new ModuleStatus(
            module.Name, module.Stage.ToPlanName(), module.Canary.Percent, module.Canary.StickyBy.ToString(), module.Service,
            module.Routes, new RequestCountsResponse(legacy, extracted), Destinations(proxyState, clusters));
    }

    private static List<DestinationStatus> Destinations(IProxyStateLookup proxyState, IEnumerable<string> clusters) =>
        clusters
            .SelectMany(cluster => proxyState.TryGetCluster(cluster, out var state)
                ? state.Destinations.Values.Select(d => new DestinationStatus(
                    cluster, d.DestinationId, d.Model.Config.Address, d.Health.Active.ToString(), d.Health.Passive.ToString()))
                : [new DestinationStatus(cluster, "", "", "Unknown", "Unknown")])
            .ToList();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The migration admin API is off: no {Key} is configured")]
    private static partial void LogAdminOff(ILogger logger, string key);
}

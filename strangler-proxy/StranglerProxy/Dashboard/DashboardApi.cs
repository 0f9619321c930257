using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ServiceDefaults.Management;
using StranglerProxy.Admin;
using StranglerProxy.Plan;
using StranglerProxy.Routing;
using StranglerProxy.Safety;
using StranglerProxy.Shadow;
using StranglerProxy.Store;

namespace StranglerProxy.Dashboard;

/// <summary>
/// The migration dashboard at /migration: one page, with its chart code and library served from the proxy
/// itself, that refreshes from /migration/api/dashboard and /history; stage changes go through the admin
/// API, so the gate, the fence and the audit trail apply to them too. Off, like the admin API, without
/// Migration:Admin:Token. On the management port only and behind the token, unless Migration:Dashboard:Public
/// puts the page and its read-only data on the public port too, readable without a token (a token given
/// must still be an admin token); the changes stay on the management port, behind the token.
/// </summary>
internal static class DashboardApi
{
    public const string PagePath = "/migration";

    /// <summary>A service slower than this to report its sync is shown as unavailable, not waited for.</summary>
    private static readonly TimeSpan SyncStatusLimit = TimeSpan.FromSeconds(3);

    public static IEndpointRouteBuilder MapMigrationDashboard(this IEndpointRouteBuilder app)
    {
        if (AdminTokens.From(app.ServiceProvider.GetRequiredService<IConfiguration>()) is not { } tokens)
        {
            return app;
        }

        var options = app.ServiceProvider.GetRequiredService<IOptions<DashboardOptions>>().Value;
        if (options.Errors().ToList() is { Count: > 0 } errors)
        {
            throw new InvalidPlanException(errors);
        }

        var page = app.MapGet(PagePath, (HttpContext context) => DashboardAssets.Serve(DashboardAssets.Page, context)).ExcludeFromDescription();
        var assets = app.MapGet(DashboardAssets.Path, (string name, HttpContext context) => DashboardAssets.Serve(name, context)).ExcludeFromDescription();
        var api = app.MapGroup(AdminPaths.Root).WithTags("Migration dashboard").AddEndpointFilter(new BearerTokenFilter(tokens, optional: options.Public));
        api.MapGet("/dashboard", GetDashboard);
        api.MapGet("/history", GetHistory);
        api.MapGet("/coupling", GetCoupling);
        if (options.Public)
        {
            page.OnEveryPort();
            assets.OnEveryPort();
            api.OnEveryPort();
        }
        else
        {
            page.OnManagementPort();
            assets.OnManagementPort();
            api.OnManagementPort();
        }

        return app;
    }

    /// <summary>The charts' points after <paramref name="since"/> (Unix milliseconds), so a page open for long asks only for what is new.</summary>
    public static Ok<DashboardHistory> GetHistory(long? since, ChartHistory history) => TypedResults.Ok(history.Read(since));

    public static async Task<Ok<DashboardResponse>> GetDashboard(
        PlanStore store, RequestCounters counters, ShadowStats shadow, DataSyncStatus sync, AuditLog audit, Replicas replicas,
        IOptions<DashboardOptions> options, IHostEnvironment environment, ManagementPort management, HttpContext context, CancellationToken cancellationToken)
    {
        var snapshot = store.Current;
        var history = (await audit.ReadAsync(null, cancellationToken)).ToLookup(e => e.Module, StringComparer.Ordinal);
        var modules = await Task.WhenAll(snapshot.Plan.Modules.Values.OrderBy(m => m.Name, StringComparer.Ordinal).Select(async module =>
        {
            var (legacy, extracted) = counters.Get(module.Name);
            var state = module.Tables.Any ? await sync.ReadAsync(module, SyncStatusLimit, cancellationToken) : null;
            return new DashboardModule(
                module.Name, module.Stage.ToPlanName(), module.Canary.Percent, module.Service, legacy, extracted, counters.Failed(module.Name),
                ShadowOf(module, shadow, options.Value.RecentMismatches),
                state is null ? new DashboardSync(null, null, false, "the module owns no tables")
                    : new DashboardSync(state.Status?.PendingChanges, state.Status?.Direction.ToString(), state.Status?.BackfillComplete ?? false, state.Error),
                [.. history[module.Name].OrderByDescending(e => e.At).Take(options.Value.History)]);
        }));
        var report = CouplingReportPath(options.Value, environment);
        return TypedResults.Ok(new DashboardResponse(snapshot.File, snapshot.Version,
            report is not null && File.Exists(report) ? File.GetLastWriteTimeUtc(report) : null, modules)
        {
            Replicas = await replicas.ListAsync(cancellationToken),
            CanChange = context.Features.Get<AdminCaller>() is not null && management.IsManagementRequest(context),
        });
    }

    public static async Task<Results<ContentHttpResult, NotFound<ProblemDetails>>> GetCoupling(
        IOptions<DashboardOptions> options, IHostEnvironment environment, CancellationToken cancellationToken)
    {
        if (CouplingReportPath(options.Value, environment) is not { } path || !File.Exists(path))
        {
            return TypedResults.NotFound(new ProblemDetails
            {
                Title = "No coupling report",
                Detail = $"Set {DashboardOptions.SectionName}:CouplingReport to a report written by `migrate analyze -f html`.",
                Status = StatusCodes.Status404NotFound,
            });
        }

        return TypedResults.Content(await File.ReadAllTextAsync(path, cancellationToken), "text/html; charset=utf-8");
    }

    /// <summary>The configured report, relative to the content root like the plan.</summary>
    private static string? CouplingReportPath(DashboardOptions options, IHostEnvironment environment) =>
        options.CouplingReport is { Length: > 0 } path ? Path.GetFullPath(path, environment.ContentRootPath) : null;

    private static DashboardShadow? ShadowOf(ModulePlan module, ShadowStats shadow, int recent)
    {
        if (module.Stage > Stage.Canary)
        {
            return null;
        }

        var report = shadow.Report(module);
        return new DashboardShadow(report.Compared, report.Mismatched, report.MismatchRate, report.Promotion,
            [.. report.Routes.SelectMany(r => r.LastMismatches).OrderByDescending(m => m.At).Take(recent)]);
    }
}

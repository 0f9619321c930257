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
        var api = app.MapGroup(AdminPaths.Root).WithTags("Migration dashboard")
            .AddEndpointFilter(new DashboardAccess(tokens, app.ServiceProvider.GetRequiredService<ManagementPort>(), options.Public));
        api.MapGet("/dashboard", GetDashboard);
        api.MapGet("/history", GetHistory);
        // The coupling report names the code's types: for operators only, published or not.
        app.MapGet(AdminPaths.Root + "/coupling", GetCoupling).WithTags("Migration dashboard").AddEndpointFilter(new BearerTokenFilter(tokens)).OnManagementPort();
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

    /// <summary>
    /// Everything the table shows, from what the proxy already holds (its counters, the sampler's last DataSync
    /// readings): a refresh makes no call to a service. A caller without a token (a published dashboard) gets
    /// the status only: no request samples, audit trail, plan path, replicas, sync errors or coupling report.
    /// </summary>
    public static async Task<Ok<DashboardResponse>> GetDashboard(
        PlanStore store, RequestCounters counters, ShadowStats shadow, ChartHistory charts, AuditLog audit, Replicas replicas,
        IOptions<DashboardOptions> options, IHostEnvironment environment, ManagementPort management, HttpContext context, CancellationToken cancellationToken)
    {
        var admin = DashboardAccess.IsAdmin(context);
        var snapshot = store.Current;
        var history = admin ? (await audit.ReadAsync(null, cancellationToken)).ToLookup(e => e.Module, StringComparer.Ordinal) : null;
        var modules = snapshot.Plan.Modules.Values.OrderBy(m => m.Name, StringComparer.Ordinal).Select(module =>
        {
            var (legacy, extracted) = counters.Get(module.Name);
            return new DashboardModule(
                module.Name, module.Stage.ToPlanName(), module.Canary.Percent, module.Service, legacy, extracted, counters.Failed(module.Name),
                ShadowOf(module, shadow, admin ? options.Value.RecentMismatches : 0),
                SyncOf(module, charts, admin),
                history is null ? [] : [.. history[module.Name].OrderByDescending(e => e.At).Take(options.Value.History)]);
        }).ToList();
        var report = admin ? CouplingReportPath(options.Value, environment) : null;
        return TypedResults.Ok(new DashboardResponse(admin ? snapshot.File : Path.GetFileName(snapshot.File), snapshot.Version,
            report is not null && File.Exists(report) ? File.GetLastWriteTimeUtc(report) : null, modules)
        {
            Replicas = admin ? await replicas.ListAsync(cancellationToken) : null,
            CanChange = admin && management.IsManagementRequest(context),
            SignInHere = management.IsManagementRequest(context),
        });
    }

    private static DashboardSync SyncOf(ModulePlan module, ChartHistory charts, bool admin) =>
        !module.Tables.Any ? new DashboardSync(null, null, false, "the module owns no tables")
        : charts.Sync(module.Name) is not { } reading ? new DashboardSync(null, null, false, "not read yet")
        : new DashboardSync(reading.Status?.PendingChanges, reading.Status?.Direction.ToString(), reading.Status?.BackfillComplete ?? false,
            reading.Error is null || admin ? reading.Error : "not available");

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

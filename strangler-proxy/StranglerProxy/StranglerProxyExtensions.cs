using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Plan.Transitions;
using ServiceDefaults;
using StranglerProxy.Admin;
using StranglerProxy.Dashboard;
using StranglerProxy.Edge;
using StranglerProxy.Plan;
using StranglerProxy.Routing;
using StranglerProxy.Safety;
using StranglerProxy.Shadow;
using StranglerProxy.Store;
using StranglerProxy.Telemetry;
using Yarp.ReverseProxy.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

public static class StranglerProxyExtensions
{
    /// <summary>
    /// The plan-driven front door: reads the plan (Migration:PlanPath), follows its edits, and routes
    /// each module's traffic by stage through YARP, resolving services through service discovery.
    /// </summary>
    public static IHostApplicationBuilder AddStranglerProxy(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PlanOptions>().BindConfiguration(PlanOptions.SectionName);
        services.AddOptions<ProxyRoutingOptions>().BindConfiguration(ProxyRoutingOptions.SectionName);
        services.AddOptions<ShadowOptions>().BindConfiguration(ShadowOptions.SectionName);
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName);
        // Edge rules shape authentication and rate-limiter registrations, so they are read once, at start-up.
        var edge = builder.Configuration.GetSection(EdgeOptions.SectionName).Get<EdgeOptions>() ?? new EdgeOptions();
        services.AddSingleton(Options.Options.Create(edge));
        services.AddEdgeSecurity(edge);
        services.AddSingleton(TimeProvider.System);
        services.AddPlanStore(builder.Configuration);
        services.AddSingleton<AutomaticRollback>();
        services.AddHostedService(sp => sp.GetRequiredService<AutomaticRollback>());
        services.AddSingleton<WriteFence>();
        services.AddSingleton<OwnerMove>();
        services.AddSingleton<IOwnerFence>(sp => sp.GetRequiredService<OwnerMove>());
        services.AddSingleton<ReadOnlyRollbacks>();
        services.AddSingleton<IPromotionGate>(sp => sp.GetRequiredService<ShadowStats>());
        services.AddSingleton<StageTransitions>();
        services.AddSingleton<RequestCounters>();
        services.AddSingleton<DataSyncStatus>();
        services.AddSingleton<ClusterClient>();
        services.AddSingleton<ShadowStats>();
        services.AddSingleton<ShadowMirror>();
        services.AddHostedService(sp => sp.GetRequiredService<ShadowMirror>());
        services.AddSingleton<ProxyMetrics>();
        if (AdminTokens.From(builder.Configuration) is not null)
        {
            // The dashboard's charts, only where there is a dashboard: the sampler asks services for their sync lag.
            services.AddSingleton<ChartHistory>();
            services.AddHostedService<ChartSampler>();
        }
        ProxyMetrics.RemoveErrorTypeMiddleware(services);
        services.ConfigureOpenTelemetryMeterProvider(metrics =>
        {
            metrics.AddMeter(ProxyMetrics.MeterName);
            foreach (var instrument in ProxyMetrics.DroppedInstruments)
            {
                metrics.AddView(instrument, MetricStreamConfiguration.Drop);
            }
        });
        services.AddSingleton(sp => new TargetSelector(sp.GetRequiredService<IOptions<PlanOptions>>().Value.TesterSecret));
        services.AddSingleton<IProxyConfigProvider, PlanProxyConfigProvider>();
        services.AddReverseProxy().AddServiceDiscoveryDestinationResolver();
        services.AddHealthChecks().AddCheck<PlanHealthCheck>("migration-plan", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }

    /// <summary>Maps the proxy (module routes and the catch-all to the monolith) and its admin API.</summary>
    public static WebApplication MapStranglerProxy(this WebApplication app)
    {
        // Fail at start-up, with file, path and reason, rather than on the first request.
        _ = app.Services.GetRequiredService<PlanStore>();
        _ = app.Services.GetRequiredService<ProxyMetrics>();

        var edge = app.Services.GetRequiredService<IOptions<EdgeOptions>>().Value;
        app.UseEdgeSecurity(edge);
        app.MapMigrationAdminApi();
        app.MapMigrationDashboard();
        app.MapReverseProxy(pipeline =>
        {
            pipeline.UseMiddleware<EstateCallsMiddleware>();
            if (edge.MaxRequestBodySize is not null)
            {
                pipeline.UseMiddleware<DeclaredBodySizeMiddleware>();
            }

            pipeline.UseMiddleware<StageRoutingMiddleware>();
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
        }).WithMetadata(PassThroughResponses.Instance);
        return app;
    }
}

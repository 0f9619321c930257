using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServiceDefaults;
using ServiceDefaults.Management;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What every host of the estate gets: telemetry, health, service discovery, resilient HTTP clients,
/// ProblemDetails for bad input and an OpenAPI document; what is for operators on a management port of its own.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    public const string MetricsPath = "/metrics";

    /// <summary>Health checks tagged with this take part in readiness only (databases, downstreams).</summary>
    public const string ReadyTag = "ready";

    private const string LiveTag = "live";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Binding failures (malformed JSON, wrong types) must reach the exception handler so they
        // become a 400 ProblemDetails naming the field, in every environment.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        builder.Services.AddOpenApi();

        builder.Services.AddOptions<ManagementOptions>().Bind(builder.Configuration.GetSection(ManagementOptions.SectionName));
        builder.Services.AddSingleton<ManagementPort>();
        builder.Services.AddTransient<IStartupFilter, ManagementPortStartupFilter>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, ManagementOnlyMatcherPolicy>());
        return builder;
    }

    private static void ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());

        // Spans cost an allocation or two per request and hop; record them only when something
        // exports them. W3C trace context still flows through untouched without them.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddAspNetCoreInstrumentation(options =>
                    // Probes and scrapes would drown the traces that matter.
                    options.Filter = context => !IsInfrastructurePath(context.Request.Path))
                .AddHttpClientInstrumentation());
            telemetry.UseOtlpExporter();
        }
    }

    /// <summary>
    /// Middleware and endpoints every host needs: ProblemDetails for errors and empty error
    /// responses (except on endpoints marked <see cref="PassThroughResponses"/>), liveness on every port; readiness
    /// with its details, the Prometheus scrape endpoint and the OpenAPI document on the management port only.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        // Routing has run by now (WebApplication puts it first), so the endpoint is known.
        app.UseWhen(context => context.GetEndpoint()?.Metadata.GetMetadata<PassThroughResponses>() is null, errors =>
        {
            errors.UseExceptionHandler();
            errors.UseStatusCodePages();
        });

        // The management port serves what is for operators (and liveness), never the estate's routes.
        var management = app.Services.GetRequiredService<ManagementPort>();
        app.Use((context, next) =>
            management.IsOnlyForManagement(context) && !AnswersOnManagementPort(context.GetEndpoint())
                && !context.Request.Path.StartsWithSegments(LivePath)
                ? Results.NotFound().ExecuteAsync(context)
                : next(context));

        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync }).OnManagementPort();
        app.MapPrometheusScrapingEndpoint(MetricsPath).OnManagementPort();
        app.MapOpenApi().OnManagementPort();
        return app;
    }

    private static bool AnswersOnManagementPort(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<ManagementOnly>() is not null || endpoint?.Metadata.GetMetadata<EveryPort>() is not null;

    private static bool IsInfrastructurePath(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments(MetricsPath);
}

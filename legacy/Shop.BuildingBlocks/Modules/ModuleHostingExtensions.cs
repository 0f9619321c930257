using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Shop.BuildingBlocks.Events;
using Shop.BuildingBlocks.Modules;
using Shop.BuildingBlocks.Persistence;

namespace Microsoft.Extensions.DependencyInjection;

public static class ModuleHostingExtensions
{
    /// <summary>
    /// The database the modules of this host share, each in its own schema. Configured by
    /// "Database:Provider" (Sqlite, PostgreSql, SqlServer) and "ConnectionStrings:{connectionName}".
    /// </summary>
    public static IHostApplicationBuilder AddModuleDatabase(this IHostApplicationBuilder builder, string connectionName)
    {
        // Read when first needed, so test hosts and AppHost-injected settings are seen.
        builder.Services.AddSingleton(services => ModuleDatabaseOptionsReader.Read(
            services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IHostEnvironment>(), connectionName));
        builder.Services.AddSingleton<ModuleInitialization>();
        builder.Services.AddSingleton<IntegrationEventCatalog>();
        builder.Services.AddSingleton<IntegrationEventDelivery>();
        // The estate's own calls carry its service key: event deliveries to inboxes, facade calls over HTTP.
        builder.Services.AddHttpClient(IntegrationEventDelivery.HttpClientName).AddServiceKey();
        builder.Services.AddHttpClient(ModuleFacadeExtensions.HttpClientName).AddServiceKey();
        builder.Services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.SectionName);
        builder.Services.AddExceptionHandler<ConcurrencyConflictExceptionHandler>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IModuleStages, InProcessModuleStages>();
        return builder;
    }

    /// <summary>
    /// Registers a module: its DbContext in its own schema with outbox dispatch and a readiness check,
    /// the integration events of its contracts, and, discovered by convention in its assembly, its
    /// facades (classes named *Facade, see AddModuleFacades), event handlers and seeders.
    /// </summary>
    public static IHostApplicationBuilder AddModule<TContext>(
        this IHostApplicationBuilder builder, string schema, Assembly contracts)
        where TContext : ModuleDbContext
    {
        var services = builder.Services;
        services.AddSingleton<OutboxSignal<TContext>>();
        services.AddScoped<OutboxSignalInterceptor<TContext>>();
        services.AddDbContext<TContext>((provider, options) => options
            .UseModuleDatabase(provider.GetRequiredService<ModuleDatabaseOptions>(), schema)
            .AddInterceptors(provider.GetRequiredService<OutboxSignalInterceptor<TContext>>())
            // Interceptors the host adds for this module by its schema, such as DataSync's change capture.
            .AddInterceptors(provider.GetKeyedServices<IInterceptor>(schema)));
        services.AddSingleton<IModuleDatabase>(new ModuleDatabase<TContext>(schema));
        services.AddHostedService<OutboxDispatcher<TContext>>();
        services.AddSingleton(new IntegrationEventAssembly(contracts));
        services.AddSingleton(new ModuleAssembly(schema, typeof(TContext).Assembly));
        services.AddModuleFacades(schema, typeof(TContext).Assembly);
        services.AddHealthChecks().AddDbContextCheck<TContext>(
            name: $"{schema}-database", tags: [ServiceDefaultsExtensions.ReadyTag]);

        services.Scan(scan => scan
            .FromAssemblies(typeof(TContext).Assembly)
            .AddClasses(classes => classes.AssignableTo(typeof(IIntegrationEventHandler<>)), publicOnly: false)
                .AsImplementedInterfaces().WithScopedLifetime()
            .AddClasses(classes => classes.AssignableTo(typeof(IModuleSeeder<>)), publicOnly: false)
                .AsImplementedInterfaces().WithScopedLifetime());
        return builder;
    }

    /// <summary>
    /// Creates or migrates every module's schema and seeds it, in registration order, before the
    /// host serves requests; then lets the outbox dispatchers start.
    /// </summary>
    public static async Task InitializeModulesAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        foreach (var module in app.Services.GetServices<IModuleDatabase>())
        {
            await module.InitializeAsync(app.Services, cancellationToken);
        }

        app.Services.GetRequiredService<ModuleInitialization>().MarkCompleted();
    }
}

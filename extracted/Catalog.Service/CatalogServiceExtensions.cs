using Catalog.Service.Apis;
using Catalog.Service.Persistence;
using DataSync.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shop.BuildingBlocks.Persistence;
using Shop.Modules.Catalog.Contracts;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// The catalog as a service of its own: the module's HTTP contract under /api/catalog, on its own
/// database ("ConnectionStrings:catalog", provider from "Database:Provider"), kept in step with the
/// monolith's catalog tables by DataSync ("ConnectionStrings:legacy", provider from "DataSync:Legacy:Provider").
/// </summary>
public static class CatalogServiceExtensions
{
    public const string ConnectionName = "catalog";
    public const string LegacyConnectionName = "legacy";
    public const string LegacyProviderKey = "DataSync:Legacy:Provider";

    public static IHostApplicationBuilder AddCatalogService(this IHostApplicationBuilder builder) => builder
        .AddModuleDatabase(ConnectionName)
        .AddModule<CatalogDbContext>(CatalogDbContext.SchemaName, typeof(ICatalogFacade).Assembly)
        .AddFacade()
        // Once the service owns the data (stage 'extracted'), its changes flow back to the monolith.
        .CaptureChanges(CatalogDbContext.SchemaName)
        .AddDataSync(new ModuleSync(
            CatalogDbContext.SchemaName,
            OpenLegacy: services => Open(ModuleDatabaseOptions.Read(
                services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IHostEnvironment>(), LegacyConnectionName, LegacyProviderKey)),
            OpenService: services => Open(services.GetRequiredService<ModuleDatabaseOptions>())));

    public static IEndpointRouteBuilder MapCatalogServiceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/catalog")
            .MapCategoriesApi()
            .MapProductsApi()
            .MapFacadeApi();
        return app;
    }

    private static IHostApplicationBuilder AddFacade(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<Catalog.Service.CatalogFacade>();
        return builder;
    }

    /// <summary>The catalog's layout on a database, for DataSync (no outbox signalling: sync writes are not domain events).</summary>
    private static CatalogDbContext Open(ModuleDatabaseOptions database) =>
        new(new DbContextOptionsBuilder<CatalogDbContext>().UseModuleDatabase(database, CatalogDbContext.SchemaName).Options);
}

using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shop.BuildingBlocks.Modules;
using Shop.Modules.Catalog;
using Shop.Modules.Catalog.Apis;
using Shop.Modules.Catalog.Clients;
using Shop.Modules.Catalog.Contracts;
using Shop.Modules.Catalog.Persistence;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The catalog module: categories, products and their prices, under /api/catalog.</summary>
public static class CatalogModule
{
    public static IHostApplicationBuilder AddCatalogModule(this IHostApplicationBuilder builder)
    {
        builder.AddModule<CatalogDbContext>(CatalogDbContext.SchemaName, typeof(ICatalogFacade).Assembly);
        // Other modules ask the catalog through its facade: in process while the monolith serves the
        // catalog, over HTTP to catalog-service once the plan has extracted it (checked per request scope).
        builder.Services.AddScoped<CatalogFacade>();
        builder.Services.AddHttpClient<CatalogServiceClient>(http => http.BaseAddress = new Uri($"http://{CatalogServiceClient.ServiceName}"));
        builder.Services.AddScoped<ICatalogFacade>(services => services.GetRequiredService<IModuleStages>().IsServedByItsService(CatalogDbContext.SchemaName)
            ? services.GetRequiredService<CatalogServiceClient>()
            : services.GetRequiredService<CatalogFacade>());
        return builder;
    }

    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/catalog")
            .MapCategoriesApi()
            .MapProductsApi()
            .MapFacadeApi();
        return app;
    }
}

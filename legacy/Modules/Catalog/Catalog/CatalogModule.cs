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
        // Other modules ask the catalog through its facade: in process, or over HTTP once it is extracted.
        builder.AddModuleFacade<ICatalogFacade, CatalogFacade, CatalogServiceClient>(CatalogDbContext.SchemaName, CatalogServiceClient.ServiceName);
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

using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shop.Modules.Catalog.Apis;
using Shop.Modules.Catalog.Contracts;
using Shop.Modules.Catalog.Persistence;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The catalog module: categories, products and their prices, under /api/catalog.</summary>
public static class CatalogModule
{
    public static IHostApplicationBuilder AddCatalogModule(this IHostApplicationBuilder builder) =>
        builder.AddModule<CatalogDbContext>(CatalogDbContext.SchemaName, typeof(ICatalogFacade).Assembly);

    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/catalog")
            .MapCategoriesApi()
            .MapProductsApi();
        return app;
    }
}

using Catalog.Service.Apis;
using Catalog.Service.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Shop.Modules.Catalog.Contracts;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// The catalog as a service of its own: the module's HTTP contract under /api/catalog, on its own
/// database ("ConnectionStrings:catalog", provider from "Database:Provider"), filled by DataSync.
/// </summary>
public static class CatalogServiceExtensions
{
    public const string ConnectionName = "catalog";

    public static IHostApplicationBuilder AddCatalogService(this IHostApplicationBuilder builder) => builder
        .AddModuleDatabase(ConnectionName)
        .AddModule<CatalogDbContext>(CatalogDbContext.SchemaName, typeof(ICatalogFacade).Assembly);

    public static IEndpointRouteBuilder MapCatalogServiceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/catalog")
            .MapCategoriesApi()
            .MapProductsApi();
        return app;
    }
}

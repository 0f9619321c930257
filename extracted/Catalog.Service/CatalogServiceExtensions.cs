using Catalog.Service.Apis;
using Catalog.Service.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shop.Modules.Catalog.Contracts;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The catalog as a service of its own: the module's HTTP contract under /api/catalog, on its own database.</summary>
public static class CatalogServiceExtensions
{
    public static IHostApplicationBuilder AddCatalogService(this IHostApplicationBuilder builder)
    {
        builder.AddModuleService<CatalogDbContext>(CatalogDbContext.SchemaName, typeof(ICatalogFacade).Assembly, options => new CatalogDbContext(options));
        return builder;
    }

    public static IEndpointRouteBuilder MapCatalogServiceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/catalog")
            .MapCategoriesApi()
            .MapProductsApi();
        return app;
    }
}

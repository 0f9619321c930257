using Inventory.Service.Apis;
using Inventory.Service.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shop.BuildingBlocks.Events;
using Shop.Modules.Inventory.Contracts;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The inventory as a service of its own: the module's HTTP contract under /api/inventory, on its own database.</summary>
public static class InventoryServiceExtensions
{
    public static IHostApplicationBuilder AddInventoryService(this IHostApplicationBuilder builder)
    {
        builder.AddModuleService<InventoryDbContext>(InventoryDbContext.SchemaName, typeof(IInventoryFacade).Assembly, options => new InventoryDbContext(options));
        // Events of other modules it handles, relayed from the monolith.
        builder.Services.AddSingleton(new IntegrationEventAssembly(typeof(Shop.Modules.Catalog.Contracts.ProductCreated).Assembly));
        return builder;
    }

    public static IEndpointRouteBuilder MapInventoryServiceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/inventory")
            .MapStockApi()
            .MapReservationsApi();
        return app;
    }
}

using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shop.BuildingBlocks.Modules;
using Shop.Modules.Inventory;
using Shop.Modules.Inventory.Apis;
using Shop.Modules.Inventory.Clients;
using Shop.Modules.Inventory.Contracts;
using Shop.Modules.Inventory.Persistence;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The inventory module: stock per product and reservations for orders, under /api/inventory.</summary>
public static class InventoryModule
{
    public static IHostApplicationBuilder AddInventoryModule(this IHostApplicationBuilder builder)
    {
        builder.AddModule<InventoryDbContext>(InventoryDbContext.SchemaName, typeof(IInventoryFacade).Assembly);
        // Orders reserve stock through the facade: in process, or over HTTP once the inventory is extracted.
        builder.AddModuleFacade<IInventoryFacade, InventoryFacade, InventoryServiceClient>(InventoryDbContext.SchemaName, InventoryServiceClient.ServiceName);
        return builder;
    }

    public static IEndpointRouteBuilder MapInventoryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/inventory")
            .MapStockApi()
            .MapReservationsApi()
            .MapFacadeApi();
        return app;
    }
}

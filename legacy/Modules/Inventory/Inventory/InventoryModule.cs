using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shop.Modules.Inventory.Apis;
using Shop.Modules.Inventory.Contracts;
using Shop.Modules.Inventory.Persistence;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The inventory module: stock per product and reservations for orders, under /api/inventory.</summary>
public static class InventoryModule
{
    public static IHostApplicationBuilder AddInventoryModule(this IHostApplicationBuilder builder) =>
        builder.AddModule<InventoryDbContext>(InventoryDbContext.SchemaName, typeof(IInventoryFacade).Assembly);

    public static IEndpointRouteBuilder MapInventoryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/inventory")
            .MapStockApi()
            .MapReservationsApi();
        return app;
    }
}

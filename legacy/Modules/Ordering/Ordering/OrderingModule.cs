using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shop.Modules.Ordering.Apis;
using Shop.Modules.Ordering.Contracts;
using Shop.Modules.Ordering.Persistence;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The ordering module: place, cancel and list orders, under /api/ordering.</summary>
public static class OrderingModule
{
    public static IHostApplicationBuilder AddOrderingModule(this IHostApplicationBuilder builder)
    {
        builder.AddModule<OrderingDbContext>(OrderingDbContext.SchemaName, typeof(IOrderingFacade).Assembly);
        builder.Services.AddScoped<OrderPlacement>();
        return builder;
    }

    public static IEndpointRouteBuilder MapOrderingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/ordering").MapOrdersApi();
        return app;
    }
}

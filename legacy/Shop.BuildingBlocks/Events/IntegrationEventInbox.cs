using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Shop.BuildingBlocks.Events;

namespace Microsoft.AspNetCore.Builder;

public static class IntegrationEventInbox
{
    /// <summary>
    /// <c>POST /integration-events/{name}</c>: an event from another process of the estate, delivered here
    /// like one of this process's own. Only with the estate's service key ("Estate:ServiceKey"); without a key the
    /// endpoint does not exist.
    /// </summary>
    public static IEndpointRouteBuilder MapIntegrationEventInbox(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IntegrationEventDelivery>().Key is not { } key)
        {
            return app;
        }

        app.MapPost($"{IntegrationEventDelivery.InboxPath}/{{name}}", async (string name, HttpRequest request, IntegrationEventDelivery delivery,
                IntegrationEventCatalog catalog, CancellationToken cancellationToken) =>
            {
                if (!Guid.TryParse(request.Headers[IntegrationEventDelivery.IdHeader], out var id)
                    || !DateTime.TryParse(request.Headers[IntegrationEventDelivery.OccurredAtHeader], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var occurredAt))
                {
                    return Results.Problem($"{IntegrationEventDelivery.IdHeader} (a GUID) and {IntegrationEventDelivery.OccurredAtHeader} (a time) are required.",
                        statusCode: StatusCodes.Status400BadRequest);
                }

                if (catalog.Find(name) is null)
                {
                    return Results.Problem($"No contract in this process declares event '{name}'.", statusCode: StatusCodes.Status400BadRequest);
                }

                using var reader = new StreamReader(request.Body, Encoding.UTF8);
                var payload = await reader.ReadToEndAsync(cancellationToken);
                try
                {
                    await delivery.DeliverAsync(name, payload, new IntegrationEventContext(id, name, occurredAt),
                        request.Headers[IntegrationEventDelivery.OriginHeader].ToString(), cancellationToken);
                }
                catch (JsonException ex)
                {
                    return Results.Problem($"The payload is not a '{name}' event: {ex.Message}", statusCode: StatusCodes.Status400BadRequest);
                }

                return Results.NoContent();
            })
            .RequireServiceKey(key)
            .ExcludeFromDescription();
        return app;
    }
}

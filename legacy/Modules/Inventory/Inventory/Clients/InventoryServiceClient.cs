using System.Net.Http.Json;
using Shop.Modules.Inventory.Contracts;

namespace Shop.Modules.Inventory.Clients;

/// <summary>
/// The inventory facade answered by inventory-service over HTTP, once the plan has extracted the
/// inventory. The address is the service's name, resolved by service discovery; retries, timeouts and
/// the circuit breaker come from the estate's HttpClient defaults. Both calls are idempotent per order,
/// so a retried request cannot reserve twice.
/// </summary>
internal sealed class InventoryServiceClient(HttpClient http) : IInventoryFacade
{
    public const string ServiceName = "inventory-service";

    public async Task<ReservationResult> ReserveAsync(Guid orderId, IReadOnlyList<ReservationLine> lines, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/inventory/reservations", new { orderId, lines }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ReservationResult>(cancellationToken)
            ?? throw new HttpRequestException("inventory-service answered a reservation with no body.");
    }

    public async Task ReleaseAsync(Guid orderId, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"/api/inventory/reservations/{orderId}/release", content: null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}

namespace Shop.Modules.Customers.Apis;

internal sealed record CustomerListItem(Guid Id, string Email, string FirstName, string LastName, int Version);

internal sealed record CustomerResponse(
    Guid Id, string Email, string FirstName, string LastName, DateTime CreatedAt, int Version,
    IReadOnlyList<AddressResponse> Addresses, OrderStatsResponse Orders);

internal sealed record AddressResponse(Guid Id, string Line1, string? Line2, string City, string PostalCode, string Country, bool IsDefault);

internal sealed record OrderStatsResponse(int Placed, int Cancelled, DateTime? LastOrderAt);

internal sealed record CustomerFilter(string? Search);

internal sealed record RegisterCustomerRequest(string? Email, string? FirstName, string? LastName, AddressRequest? Address);

internal sealed record UpdateCustomerRequest(string? Email, string? FirstName, string? LastName, int Version);

internal sealed record AddressRequest(string? Line1, string? Line2, string? City, string? PostalCode, string? Country, bool IsDefault);

namespace Shop.Modules.Customers.Contracts;

public sealed record CustomerSummary(Guid CustomerId, string Email, string FullName, Guid? DefaultAddressId);

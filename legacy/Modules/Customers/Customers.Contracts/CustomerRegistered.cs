namespace Shop.Modules.Customers.Contracts;

public sealed record CustomerRegistered(Guid CustomerId, string Email, string FullName, DateTime RegisteredAt)
{
    public const string EventName = "customers.customer-registered.v1";
}

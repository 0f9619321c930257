namespace Shop.Modules.Customers.Contracts;

public interface ICustomersFacade
{
    /// <summary>The customer's headline facts, or null when there is no such customer.</summary>
    Task<CustomerSummary?> GetCustomerAsync(Guid customerId, CancellationToken cancellationToken);
}

using Microsoft.EntityFrameworkCore;
using Shop.Modules.Customers.Contracts;
using Shop.Modules.Customers.Persistence;

namespace Shop.Modules.Customers;

internal sealed class CustomersFacade(CustomersDbContext db) : ICustomersFacade
{
    public async Task<CustomerSummary?> GetCustomerAsync(Guid customerId, CancellationToken cancellationToken) =>
        await db.Customers.AsNoTracking()
            .Where(c => c.Id == customerId)
            .Select(c => new CustomerSummary(
                c.Id, c.Email, c.FirstName + " " + c.LastName,
                c.Addresses.Where(a => a.IsDefault).Select(a => (Guid?)a.Id).FirstOrDefault()))
            .FirstOrDefaultAsync(cancellationToken);
}

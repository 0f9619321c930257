using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Shop.BuildingBlocks.Apis;
using Shop.Modules.Customers.Contracts;
using Shop.Modules.Customers.Domain;
using Shop.Modules.Customers.Persistence;

namespace Shop.Modules.Customers.Apis;

internal static class CustomersApi
{
    public static RouteGroupBuilder MapCustomersApi(this RouteGroupBuilder customers)
    {
        customers.WithTags("Customers");
        customers.MapGet("/", ListCustomers);
        customers.MapGet("/{id:guid}", GetCustomer).WithName("GetCustomer");
        customers.MapPost("/", RegisterCustomer);
        customers.MapPut("/{id:guid}", UpdateCustomer);
        customers.MapGet("/{id:guid}/addresses", ListAddresses);
        customers.MapPost("/{id:guid}/addresses", AddAddress);
        return customers;
    }

    public static async Task<Results<Ok<PagedList<CustomerListItem>>, ValidationProblem>> ListCustomers(
        [AsParameters] PageQuery paging, [AsParameters] CustomerFilter filter, CustomersDbContext db, CancellationToken cancellationToken)
    {
        var validator = paging.Validate(new RequestValidator()).Optional("search", filter.Search, Customer.EmailMaxLength);
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var customers = db.Customers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var search = filter.Search.Trim().ToLowerInvariant();
            customers = customers.Where(c =>
                c.Email.ToLower().Contains(search) || c.FirstName.ToLower().Contains(search) || c.LastName.ToLower().Contains(search));
        }

        return TypedResults.Ok(await customers
            .OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ThenBy(c => c.Id)
            .Select(c => new CustomerListItem(c.Id, c.Email, c.FirstName, c.LastName, c.Version))
            .ToPagedListAsync(paging, cancellationToken));
    }

    public static async Task<Results<Ok<CustomerResponse>, NotFound>> GetCustomer(
        Guid id, CustomersDbContext db, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.AsNoTracking().Include(c => c.Addresses).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (customer is null)
        {
            return TypedResults.NotFound();
        }

        var stats = await db.OrderStats.AsNoTracking().FirstOrDefaultAsync(s => s.CustomerId == id, cancellationToken);
        return TypedResults.Ok(ToResponse(customer, stats));
    }

    public static async Task<Results<CreatedAtRoute<CustomerResponse>, ValidationProblem, ProblemHttpResult>> RegisterCustomer(
        RegisterCustomerRequest request, CustomersDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator().Person(request.Email, request.FirstName, request.LastName);
        if (request.Address is not null)
        {
            validator.Address("address.", request.Address);
        }

        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var email = request.Email!.Trim().ToLowerInvariant();
        if (await db.Customers.AnyAsync(c => c.Email == email, cancellationToken))
        {
            return TypedResults.Problem($"A customer with e-mail '{email}' already exists.", statusCode: StatusCodes.Status409Conflict);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var customer = new Customer(Guid.CreateVersion7(now), email, request.FirstName!.Trim(), request.LastName!.Trim(), now);
        if (request.Address is { } address)
        {
            Add(customer, address, now);
        }

        db.Customers.Add(customer);
        db.Publish(new CustomerRegistered(customer.Id, customer.Email, customer.FullName, now), time);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.CreatedAtRoute(ToResponse(customer, null), "GetCustomer", new { id = customer.Id });
    }

    public static async Task<Results<Ok<CustomerResponse>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateCustomer(
        Guid id, UpdateCustomerRequest request, CustomersDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator()
            .Person(request.Email, request.FirstName, request.LastName)
            .Range("version", request.Version, 0, int.MaxValue);
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var customer = await db.Customers.Include(c => c.Addresses).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (customer is null)
        {
            return TypedResults.NotFound();
        }

        if (Concurrency.CheckVersion(db.Entry(customer), request.Version) is { } conflict)
        {
            return conflict;
        }

        var email = request.Email!.Trim().ToLowerInvariant();
        if (await db.Customers.AnyAsync(c => c.Email == email && c.Id != id, cancellationToken))
        {
            return TypedResults.Problem($"A customer with e-mail '{email}' already exists.", statusCode: StatusCodes.Status409Conflict);
        }

        customer.Rename(email, request.FirstName!.Trim(), request.LastName!.Trim(), time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        var stats = await db.OrderStats.AsNoTracking().FirstOrDefaultAsync(s => s.CustomerId == id, cancellationToken);
        return TypedResults.Ok(ToResponse(customer, stats));
    }

    public static async Task<Results<Ok<IReadOnlyList<AddressResponse>>, NotFound>> ListAddresses(
        Guid id, CustomersDbContext db, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.AsNoTracking().Include(c => c.Addresses).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return customer is null ? TypedResults.NotFound() : TypedResults.Ok(ToResponse(customer.Addresses));
    }

    public static async Task<Results<Created<AddressResponse>, NotFound, ValidationProblem>> AddAddress(
        Guid id, AddressRequest request, CustomersDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var validator = new RequestValidator().Address("", request);
        if (!validator.IsValid)
        {
            return validator.ToProblem();
        }

        var customer = await db.Customers.Include(c => c.Addresses).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (customer is null)
        {
            return TypedResults.NotFound();
        }

        if (customer.Addresses.Count >= Customer.MaxAddresses)
        {
            return validator.Add("$", $"A customer may keep at most {Customer.MaxAddresses} addresses.").ToProblem();
        }

        var address = Add(customer, request, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/customers/{id}/addresses", ToResponse([address])[0]);
    }

    private static Address Add(Customer customer, AddressRequest a, DateTime now) => customer.AddAddress(
        Guid.CreateVersion7(now), a.Line1!.Trim(), a.Line2?.Trim(), a.City!.Trim(), a.PostalCode!.Trim(), a.Country!, a.IsDefault, now);

    private static CustomerResponse ToResponse(Customer c, CustomerOrderStats? stats) => new(
        c.Id, c.Email, c.FirstName, c.LastName, c.CreatedAt, c.Version, ToResponse(c.Addresses),
        new OrderStatsResponse(stats?.OrdersPlaced ?? 0, stats?.OrdersCancelled ?? 0, stats?.LastOrderAt));

    private static IReadOnlyList<AddressResponse> ToResponse(IEnumerable<Address> addresses) => addresses
        .OrderByDescending(a => a.IsDefault).ThenBy(a => a.Id)
        .Select(a => new AddressResponse(a.Id, a.Line1, a.Line2, a.City, a.PostalCode, a.Country, a.IsDefault))
        .ToList();
}

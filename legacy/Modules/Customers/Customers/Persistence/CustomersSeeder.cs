using Microsoft.EntityFrameworkCore;
using Shop.BuildingBlocks.Modules;
using Shop.BuildingBlocks.Persistence;
using Shop.Modules.Customers.Domain;

namespace Shop.Modules.Customers.Persistence;

/// <summary>Fifty customers with one or two addresses each, identical on every machine and provider.</summary>
internal sealed class CustomersSeeder : IModuleSeeder<CustomersDbContext>
{
    public const int CustomerCount = 50;

    private static readonly DateTime SeededAt = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] FirstNames =
        ["Ada", "Alan", "Barbara", "Edsger", "Frances", "Grace", "John", "Katherine", "Linus", "Margaret"];

    private static readonly string[] LastNames = ["Hopper", "Knuth", "Lamport", "Liskov", "Ritchie"];

    private static readonly (string City, string PostalCode, string Country)[] Cities =
    [
        ("Amsterdam", "1011 AB", "NL"), ("Berlin", "10115", "DE"), ("Lyon", "69001", "FR"), ("Milan", "20121", "IT"),
        ("Porto", "4000-001", "PT"), ("Vienna", "1010", "AT"), ("Zurich", "8001", "CH"),
    ];

    public async Task SeedAsync(CustomersDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Customers.AnyAsync(cancellationToken))
        {
            return;
        }

        for (var i = 1; i <= CustomerCount; i++)
        {
            var first = FirstNames[i % FirstNames.Length];
            var last = LastNames[i / FirstNames.Length % LastNames.Length];
            var customer = new Customer(
                DeterministicGuid.Create("customers.customer", i),
                $"{first}.{last}.{i:00}@example.com".ToLowerInvariant(), first, last, SeededAt);

            var home = Cities[i % Cities.Length];
            customer.AddAddress(DeterministicGuid.Create("customers.address", i * 2), $"{i} Main Street", null,
                home.City, home.PostalCode, home.Country, makeDefault: true, SeededAt);
            if (i % 3 == 0)
            {
                var work = Cities[(i + 3) % Cities.Length];
                customer.AddAddress(DeterministicGuid.Create("customers.address", i * 2 + 1), $"{i * 10} Market Square",
                    "Floor 2", work.City, work.PostalCode, work.Country, makeDefault: false, SeededAt);
            }

            db.Customers.Add(customer);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}

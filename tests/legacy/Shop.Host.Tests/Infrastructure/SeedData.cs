using Shop.BuildingBlocks.Persistence;

namespace Shop.Host.Tests.Infrastructure;

/// <summary>Ids of the deterministic seed data (the same on every provider and machine).</summary>
public static class SeedData
{
    public const int ProductCount = 200;
    public const int CustomerCount = 50;
    public const int CategoryCount = 10;

    public static Guid Product(int number) => DeterministicGuid.Create("catalog.product", number);

    public static Guid Customer(int number) => DeterministicGuid.Create("customers.customer", number);

    public static Guid Category(int index) => DeterministicGuid.Create("catalog.category", index);
}

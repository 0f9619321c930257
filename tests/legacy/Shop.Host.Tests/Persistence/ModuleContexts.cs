using Microsoft.EntityFrameworkCore;
using Shop.BuildingBlocks.Persistence;
using Shop.Modules.Catalog.Persistence;
using Shop.Modules.Customers.Persistence;
using Shop.Modules.Inventory.Persistence;
using Shop.Modules.Ordering.Persistence;

namespace Shop.Host.Tests.Persistence;

/// <summary>The monolith's module DbContexts by schema: as the design-time tools make them, and on a given database.</summary>
internal static class ModuleContexts
{
    public static TheoryData<string> Schemas =>
    [
        CatalogDbContext.SchemaName, InventoryDbContext.SchemaName, CustomersDbContext.SchemaName, OrderingDbContext.SchemaName,
    ];

    public static ModuleDbContext DesignTime(string schema, params string[] args) => schema switch
    {
        CatalogDbContext.SchemaName => new CatalogDesignTimeFactory().CreateDbContext(args),
        InventoryDbContext.SchemaName => new InventoryDesignTimeFactory().CreateDbContext(args),
        CustomersDbContext.SchemaName => new CustomersDesignTimeFactory().CreateDbContext(args),
        OrderingDbContext.SchemaName => new OrderingDesignTimeFactory().CreateDbContext(args),
        _ => throw new ArgumentOutOfRangeException(nameof(schema), schema, null),
    };

    public static ModuleDbContext On(string schema, ModuleDatabaseOptions database) => schema switch
    {
        CatalogDbContext.SchemaName => new CatalogDbContext(Options<CatalogDbContext>(database, schema)),
        InventoryDbContext.SchemaName => new InventoryDbContext(Options<InventoryDbContext>(database, schema)),
        CustomersDbContext.SchemaName => new CustomersDbContext(Options<CustomersDbContext>(database, schema)),
        OrderingDbContext.SchemaName => new OrderingDbContext(Options<OrderingDbContext>(database, schema)),
        _ => throw new ArgumentOutOfRangeException(nameof(schema), schema, null),
    };

    private static DbContextOptions<TContext> Options<TContext>(ModuleDatabaseOptions database, string schema)
        where TContext : DbContext => new DbContextOptionsBuilder<TContext>().UseModuleDatabase(database, schema).Options;
}

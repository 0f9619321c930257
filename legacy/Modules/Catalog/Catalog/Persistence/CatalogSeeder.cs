using Microsoft.EntityFrameworkCore;
using Shop.BuildingBlocks.Modules;
using Shop.BuildingBlocks.Persistence;
using Shop.Modules.Catalog.Domain;

namespace Shop.Modules.Catalog.Persistence;

/// <summary>Ten categories and 200 products, identical on every machine and provider.</summary>
internal sealed class CatalogSeeder : IModuleSeeder<CatalogDbContext>
{
    public const int ProductCount = 200;

    private static readonly DateTime SeededAt = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] CategoryNames =
    [
        "Books", "Camping", "Garden", "Kitchen", "Music", "Office", "Sports", "Tools", "Toys", "Travel",
    ];

    private static readonly string[] Adjectives =
    [
        "Classic", "Compact", "Deluxe", "Durable", "Everyday", "Folding", "Heavy-duty", "Lightweight", "Modern", "Pocket",
    ];

    private static readonly string[] Nouns = ["Kit", "Set", "Pack", "Box", "Bundle", "Case", "Organizer", "Stand", "Holder", "Tray"];

    public async Task SeedAsync(CatalogDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Categories.AnyAsync(cancellationToken))
        {
            return;
        }

        var categories = CategoryNames
            .Select((name, index) => new Category(DeterministicGuid.Create("catalog.category", index), name, $"Everything for {name.ToLowerInvariant()}."))
            .ToList();
        db.Categories.AddRange(categories);

        for (var i = 1; i <= ProductCount; i++)
        {
            var category = categories[i % categories.Count];
            var name = $"{Adjectives[i / 10 % Adjectives.Length]} {category.Name} {Nouns[i % Nouns.Length]} {i:000}";
            var price = 5m + (i * 7919 % 20000) / 100m;
            db.Products.Add(new Product(
                DeterministicGuid.Create("catalog.product", i), $"SKU-{i:0000}", name, $"Sample product number {i}.",
                category.Id, price, "EUR", SeededAt));
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}

using Shop.BuildingBlocks.Persistence;

namespace Catalog.Service.Domain;

internal sealed class Product : IVersioned
{
    public const int SkuMaxLength = 32;
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 2000;

    private Product()
    {
    }

    public Product(Guid id, string sku, string name, string? description, Guid categoryId, decimal price, string currency, DateTime now)
    {
        Id = id;
        Sku = sku;
        Name = name;
        Description = description;
        CategoryId = categoryId;
        Price = price;
        Currency = currency;
        IsActive = true;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }

    public string Sku { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string? Description { get; private set; }

    public Guid CategoryId { get; private set; }

    public decimal Price { get; private set; }

    public string Currency { get; private set; } = "";

    public bool IsActive { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public int Version { get; private set; }

    public void Update(string name, string? description, Guid categoryId, bool isActive, DateTime now)
    {
        Name = name;
        Description = description;
        CategoryId = categoryId;
        IsActive = isActive;
        UpdatedAt = now;
    }

    /// <summary>Changes the price and returns the history entry to keep, or null when unchanged.</summary>
    public PriceChange? ChangePrice(decimal newPrice, DateTime now)
    {
        if (newPrice == Price)
        {
            return null;
        }

        var change = new PriceChange(Guid.CreateVersion7(now), Id, Price, newPrice, now);
        Price = newPrice;
        UpdatedAt = now;
        return change;
    }
}

using Microsoft.EntityFrameworkCore;
using Shop.BuildingBlocks.Persistence;
using Catalog.Service.Domain;

namespace Catalog.Service.Persistence;

/// <summary>
/// The service's own database, in the same "catalog" schema and table layout as the module it came from,
/// so DataSync can copy and compare rows table by table in either direction.
/// </summary>
internal sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "catalog";

    public override string Schema => SchemaName;

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<PriceChange> PriceChanges => Set<PriceChange>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Category>(category =>
        {
            category.ToTable("categories");
            category.Property(c => c.Name).HasMaxLength(Category.NameMaxLength);
            category.Property(c => c.Description).HasMaxLength(Category.DescriptionMaxLength);
            category.HasIndex(c => c.Name).IsUnique();
        });

        modelBuilder.Entity<Product>(product =>
        {
            product.ToTable("products");
            product.Property(p => p.Sku).HasMaxLength(Product.SkuMaxLength);
            product.Property(p => p.Name).HasMaxLength(Product.NameMaxLength);
            product.Property(p => p.Description).HasMaxLength(Product.DescriptionMaxLength);
            product.Property(p => p.Price).HasPrecision(18, 2);
            product.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
            product.Property(p => p.Version).IsConcurrencyToken();
            product.HasIndex(p => p.Sku).IsUnique();
            product.HasIndex(p => new { p.CategoryId, p.Name });
            product.HasOne<Category>().WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<PriceChange>(change =>
        {
            change.ToTable("price_changes");
            change.Property(c => c.OldPrice).HasPrecision(18, 2);
            change.Property(c => c.NewPrice).HasPrecision(18, 2);
            change.HasIndex(c => new { c.ProductId, c.ChangedAt });
            change.HasOne<Product>().WithMany().HasForeignKey(c => c.ProductId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

using Microsoft.EntityFrameworkCore;
using Shop.BuildingBlocks.Persistence;
using Inventory.Service.Domain;

namespace Inventory.Service.Persistence;

internal sealed class InventoryDbContext(DbContextOptions<InventoryDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "inventory";

    public override string Schema => SchemaName;

    public DbSet<StockItem> StockItems => Set<StockItem>();

    public DbSet<Reservation> Reservations => Set<Reservation>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StockItem>(stock =>
        {
            stock.ToTable("stock_items");
            stock.HasKey(s => s.ProductId);
            stock.Property(s => s.Version).IsConcurrencyToken();
            stock.Ignore(s => s.Available);
        });

        modelBuilder.Entity<Reservation>(reservation =>
        {
            reservation.ToTable("reservations");
            reservation.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            reservation.HasIndex(r => new { r.OrderId, r.ProductId }).IsUnique();
            reservation.HasIndex(r => r.ProductId);
        });
    }
}

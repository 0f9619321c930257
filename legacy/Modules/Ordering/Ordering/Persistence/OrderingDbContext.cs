using Microsoft.EntityFrameworkCore;
using Shop.BuildingBlocks.Persistence;
using Shop.Modules.Ordering.Domain;
using Shop.Modules.Ordering.Legacy;

namespace Shop.Modules.Ordering.Persistence;

internal sealed class OrderingDbContext(DbContextOptions<OrderingDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "ordering";

    public override string Schema => SchemaName;

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderLine> OrderLines => Set<OrderLine>();

    /// <summary>The customers module's table, read directly (known debt).</summary>
    public DbSet<CustomerRecord> LegacyCustomers => Set<CustomerRecord>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Order>(order =>
        {
            order.ToTable("orders");
            order.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
            order.Property(o => o.CancelReason).HasMaxLength(Order.ReasonMaxLength);
            order.Property(o => o.Subtotal).HasPrecision(18, 2);
            order.Property(o => o.Tax).HasPrecision(18, 2);
            order.Property(o => o.Total).HasPrecision(18, 2);
            order.Property(o => o.Currency).HasMaxLength(3).IsFixedLength();
            order.Property(o => o.Version).IsConcurrencyToken();
            order.HasIndex(o => new { o.CustomerId, o.PlacedAt });
            order.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
            order.Navigation(o => o.Lines).HasField("_lines");
        });

        modelBuilder.Entity<OrderLine>(line =>
        {
            line.ToTable("order_lines");
            line.Property(l => l.Id).ValueGeneratedNever();
            line.Property(l => l.Sku).HasMaxLength(32);
            line.Property(l => l.ProductName).HasMaxLength(200);
            line.Property(l => l.UnitPrice).HasPrecision(18, 2);
            line.Property(l => l.LineTotal).HasPrecision(18, 2);
        });

        modelBuilder.Entity<CustomerRecord>(customer =>
        {
            customer.ToTable("customers", "customers", table => table.ExcludeFromMigrations());
            customer.HasKey(c => c.Id);
        });
    }
}

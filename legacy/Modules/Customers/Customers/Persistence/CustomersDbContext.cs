using Microsoft.EntityFrameworkCore;
using Shop.BuildingBlocks.Persistence;
using Shop.Modules.Customers.Domain;

namespace Shop.Modules.Customers.Persistence;

internal sealed class CustomersDbContext(DbContextOptions<CustomersDbContext> options) : ModuleDbContext(options)
{
    public const string SchemaName = "customers";

    public override string Schema => SchemaName;

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<Address> Addresses => Set<Address>();

    public DbSet<CustomerOrderStats> OrderStats => Set<CustomerOrderStats>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Customer>(customer =>
        {
            customer.ToTable("customers");
            customer.Property(c => c.Email).HasMaxLength(Customer.EmailMaxLength);
            customer.Property(c => c.FirstName).HasMaxLength(Customer.NameMaxLength);
            customer.Property(c => c.LastName).HasMaxLength(Customer.NameMaxLength);
            customer.Property(c => c.Version).IsConcurrencyToken();
            customer.Ignore(c => c.FullName);
            customer.HasIndex(c => c.Email).IsUnique();
            customer.HasMany(c => c.Addresses).WithOne().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
            customer.Navigation(c => c.Addresses).HasField("_addresses");
        });

        modelBuilder.Entity<Address>(address =>
        {
            address.ToTable("addresses");
            // Ids are assigned in code; without this, an address added to a loaded customer is taken for an existing row.
            address.Property(a => a.Id).ValueGeneratedNever();
            address.Property(a => a.Line1).HasMaxLength(Address.LineMaxLength);
            address.Property(a => a.Line2).HasMaxLength(Address.LineMaxLength);
            address.Property(a => a.City).HasMaxLength(Address.CityMaxLength);
            address.Property(a => a.PostalCode).HasMaxLength(Address.PostalCodeMaxLength);
            address.Property(a => a.Country).HasMaxLength(2).IsFixedLength();
        });

        modelBuilder.Entity<CustomerOrderStats>(stats =>
        {
            stats.ToTable("order_stats");
            stats.HasKey(s => s.CustomerId);
            stats.HasOne<Customer>().WithOne().HasForeignKey<CustomerOrderStats>(s => s.CustomerId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

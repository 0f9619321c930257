using Microsoft.EntityFrameworkCore;
using Shop.BuildingBlocks.Events;

namespace Shop.BuildingBlocks.Persistence;

/// <summary>
/// The base of every module's DbContext: one schema per module, an outbox and an inbox inside that
/// schema (so events are written in the same transaction as the change), and concurrency tokens.
/// </summary>
public abstract class ModuleDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>The module's schema (or table prefix on SQLite). Stable: it names the module's data.</summary>
    public abstract string Schema { get; }

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    /// <summary>Stages an integration event; it is stored with the next SaveChanges, atomically.</summary>
    public void Publish<TEvent>(TEvent integrationEvent, TimeProvider time) where TEvent : notnull =>
        OutboxMessages.Add(OutboxMessage.Create(integrationEvent, time.GetUtcNow().UtcDateTime));

    protected abstract void ConfigureModel(ModelBuilder modelBuilder);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC; say so when reading back from providers that drop the kind.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected sealed override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        ConfigureModel(modelBuilder);
        OutboxMessage.Configure(modelBuilder);
        InboxMessage.Configure(modelBuilder);

        if (Database.IsSqlite())
        {
            SqliteModelConventions.Apply(modelBuilder);
        }
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
            {
                var version = entry.Property(nameof(IVersioned.Version));
                version.CurrentValue = (int)version.OriginalValue! + 1;
            }
        }
    }
}

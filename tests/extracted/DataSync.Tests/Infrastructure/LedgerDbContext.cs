using Microsoft.EntityFrameworkCore;

namespace DataSync.Tests.Infrastructure;

/// <summary>
/// A small module layout to sync: accounts and their entries (a composite key and a foreign key),
/// decimals, timestamps, nulls, and an outbox that must never be copied.
/// </summary>
public sealed class LedgerDbContext(DbContextOptions<LedgerDbContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<Entry> Entries => Set<Entry>();

    public DbSet<OutboxRow> Outbox => Set<OutboxRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        // As the estate's module databases do: timestamps are UTC, also after a provider dropped the kind.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();

    private sealed class UtcConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
        value => value.ToUniversalTime(), value => DateTime.SpecifyKind(value, DateTimeKind.Utc));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var sqlite = Database.IsSqlite();
        modelBuilder.Entity<Account>(account =>
        {
            account.ToTable(sqlite ? "ledger_accounts" : "accounts", sqlite ? null : "ledger");
            account.Property(a => a.Name).HasMaxLength(100);
            account.Property(a => a.Balance).HasPrecision(18, 2);
        });
        modelBuilder.Entity<Entry>(entry =>
        {
            entry.ToTable(sqlite ? "ledger_entries" : "entries", sqlite ? null : "ledger");
            entry.HasKey(e => new { e.AccountId, e.Sequence });
            entry.Property(e => e.Amount).HasPrecision(18, 2);
            entry.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId);
        });
        modelBuilder.Entity<OutboxRow>().ToTable(sqlite ? "ledger_outbox_messages" : "outbox_messages", sqlite ? null : "ledger");
        if (sqlite)
        {
            // As the estate's module databases do: SQLite keeps decimals as REAL.
            foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()).Where(p => p.ClrType == typeof(decimal)))
            {
                property.SetProviderClrType(typeof(double));
            }
        }
    }
}

public sealed class Account
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public decimal Balance { get; set; }

    public DateTime UpdatedAt { get; set; }

    public bool Active { get; set; }

    public string? Note { get; set; }
}

public sealed class Entry
{
    public Guid AccountId { get; set; }

    public int Sequence { get; set; }

    public decimal Amount { get; set; }
}

public sealed class OutboxRow
{
    public long Id { get; set; }

    public string Payload { get; set; } = "";
}

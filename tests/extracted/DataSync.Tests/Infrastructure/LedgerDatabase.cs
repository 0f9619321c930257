using System.Data.Common;
using DataSync.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataSync.Tests.Infrastructure;

/// <summary>A ledger database for a test: a SQLite file in a temporary folder, or a fresh PostgreSQL database.</summary>
public sealed class LedgerDatabase : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly PostgresServer? _server;
    private readonly string _connectionString;

    private LedgerDatabase(string connectionString, string? folder, PostgresServer? server)
    {
        _connectionString = connectionString;
        _folder = folder;
        _server = server;
    }

    public bool IsPostgres => _server is not null;

    public static async Task<LedgerDatabase> SqliteAsync()
    {
        var folder = Directory.CreateTempSubdirectory("datasync-").FullName;
        var database = new LedgerDatabase($"Data Source={Path.Combine(folder, "ledger.db")};Pooling=false", folder, null);
        await using var context = database.Context();
        await context.Database.EnsureCreatedAsync();
        return database;
    }

    /// <summary>A fresh PostgreSQL database, or null (with the reason in the skip) when none can run here.</summary>
    public static async Task<LedgerDatabase> PostgresAsync()
    {
        var server = await PostgresServer.GetAsync();
        Assert.SkipWhen(server.UnavailableReason is not null, server.UnavailableReason ?? "");
        var database = new LedgerDatabase(await server.CreateDatabaseAsync(), null, server);
        await using var context = database.Context();
        await context.Database.EnsureCreatedAsync();
        return database;
    }

    /// <summary>A context whose SaveChanges also logs the changed rows (as a module with change capture does).</summary>
    public LedgerDbContext CapturingContext() => Context(new DataSync.Changes.ChangeCaptureInterceptor("ledger"));

    public LedgerDbContext Context(params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors)
    {
        var options = new DbContextOptionsBuilder<LedgerDbContext>().AddInterceptors(interceptors);
        if (IsPostgres)
        {
            options.UseNpgsql(_connectionString);
        }
        else
        {
            options.UseSqlite(_connectionString);
        }

        return new LedgerDbContext(options.Options);
    }

    /// <summary>Inserts accounts (and two entries for every tenth) in one transaction, fast.</summary>
    public async Task SeedAsync(int accounts, int firstNumber = 0)
    {
        await using var context = Context();
        context.ChangeTracker.AutoDetectChangesEnabled = false;
        var epoch = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var start = firstNumber; start < firstNumber + accounts; start += 5_000)
        {
            for (var n = start; n < Math.Min(start + 5_000, firstNumber + accounts); n++)
            {
                var id = IdOf(n);
                context.Accounts.Add(new Account
                {
                    Id = id, Name = $"account {n}", Balance = n * 1.25m, UpdatedAt = epoch.AddSeconds(n), Active = n % 3 != 0,
                    Note = n % 7 == 0 ? null : $"note {n}",
                });
                if (n % 10 == 0)
                {
                    context.Entries.Add(new Entry { AccountId = id, Sequence = 1, Amount = 10m });
                    context.Entries.Add(new Entry { AccountId = id, Sequence = 2, Amount = -2.5m });
                }
            }

            await context.SaveChangesAsync();
            context.ChangeTracker.Clear();
        }

        context.Outbox.Add(new OutboxRow { Payload = "never synced" });
        await context.SaveChangesAsync();
    }

    public static Guid IdOf(int n) => new($"{n:x8}-0000-4000-8000-{n:x12}");

    /// <summary>Every synced row of every table, as text in key order: two databases hold the same data when these are equal.</summary>
    public async Task<IReadOnlyList<string>> SnapshotAsync()
    {
        await using var context = Context();
        var dialect = DataSync.Dialects.SqlDialect.For(context);
        await context.Database.OpenConnectionAsync();
        var connection = context.Database.GetDbConnection();
        var rows = new List<string>();
        foreach (var table in SyncSchema.Read(context))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = dialect.NextPage(table, fromStart: true, int.MaxValue);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(table.Entity + ": " + string.Join(" | ", table.Columns.Select((c, i) => Format(c.Read(reader, i)))));
            }
        }

        return [.. rows.Order(StringComparer.Ordinal)];
    }

    public async Task<int> ExecuteAsync(string sql)
    {
        await using var context = Context();
        return await context.Database.ExecuteSqlRawAsync(sql);
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        DateTime time => (time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToString("O"),
        decimal number => number.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!,
    };

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DropDatabaseAsync(_connectionString);
        }

        if (_folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }
}

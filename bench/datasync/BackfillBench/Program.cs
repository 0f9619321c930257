// Backfill benchmark: a million catalog-like rows from one PostgreSQL database to another on the same
// server, by DataSync's backfill and by the raw floor (binary COPY out of one, into the other, streamed).
// Usage: BackfillBench [rows, default 1000000] [batch size, default 50000]
using System.Diagnostics;
using DataSync.Backfill;
using DataSync.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Testing.Support;

var rows = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
var batch = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50_000;
var server = await PostgresServer.GetAsync();
if (server.UnavailableReason is { } reason)
{
    Console.Error.WriteLine($"PostgreSQL is not available: {reason}");
    return 1;
}

var source = await server.CreateDatabaseAsync();
var target = await server.CreateDatabaseAsync();
try
{
    await using (var db = Bench.Context(source)) { await db.Database.EnsureCreatedAsync(); }
    await using (var db = Bench.Context(target)) { await db.Database.EnsureCreatedAsync(); }
    Console.WriteLine($"Seeding {rows:N0} rows...");
    await Bench.SeedAsync(source, rows);
    // A settled source, as a production database is: no autovacuum racing the measurements.
    await Bench.ExecuteAsync(source, "VACUUM ANALYZE catalog.products");

    var raw = await Bench.TimeAsync(() => Bench.RawCopyAsync(source, target));
    Console.WriteLine($"raw floor (binary COPY out and in, streamed): {raw.TotalSeconds:0.00} s, {rows / raw.TotalSeconds:N0} rows/s");
    await Bench.ExecuteAsync(target, "TRUNCATE catalog.products");

    var metrics = new DataSyncMetrics(new PlainMeters());
    var runner = new BackfillRunner(NullLogger<BackfillRunner>.Instance, metrics);
    var backfill = await Bench.TimeAsync(async () =>
    {
        await using var from = Bench.Context(source);
        await using var to = Bench.Context(target);
        await runner.RunAsync(from, to, new BackfillOptions("bench") { BatchSize = batch }, CancellationToken.None);
    });
    Console.WriteLine($"DataSync backfill (batches of {batch:N0}, upserts, checkpoints): {backfill.TotalSeconds:0.00} s, {rows / backfill.TotalSeconds:N0} rows/s");
    Console.WriteLine($"backfill rate vs raw floor: {raw.TotalSeconds / backfill.TotalSeconds:0.00}x");
    var copied = await Bench.CountAsync(target);
    return copied == rows ? 0 : Fail($"target has {copied} rows, expected {rows}");
}
finally
{
    await server.DropDatabaseAsync(source);
    await server.DropDatabaseAsync(target);
}

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 1;
}

/// <summary>A catalog product, as the estate maps it.</summary>
internal sealed class BenchProduct
{
    public Guid Id { get; set; }

    public string Sku { get; set; } = "";

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public Guid CategoryId { get; set; }

    public decimal Price { get; set; }

    public string Currency { get; set; } = "";

    public bool IsActive { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; }
}

internal sealed class BenchDbContext(DbContextOptions<BenchDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<BenchProduct>(product =>
    {
        product.ToTable("products", "catalog");
        product.Property(p => p.Sku).HasMaxLength(32);
        product.Property(p => p.Name).HasMaxLength(200);
        product.Property(p => p.Description).HasMaxLength(2000);
        product.Property(p => p.Price).HasPrecision(18, 2);
        product.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
    });
}

internal static class Bench
{
    public static BenchDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<BenchDbContext>().UseNpgsql(connectionString).Options);

    public static async Task<TimeSpan> TimeAsync(Func<Task> work)
    {
        var clock = Stopwatch.StartNew();
        await work();
        return clock.Elapsed;
    }

    public static async Task SeedAsync(string connectionString, int rows)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY catalog.products (\"Id\", \"Sku\", \"Name\", \"Description\", \"CategoryId\", \"Price\", \"Currency\", \"IsActive\", \"CreatedAt\", \"UpdatedAt\", \"Version\") FROM STDIN (FORMAT BINARY)");
        var epoch = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var n = 0; n < rows; n++)
        {
            await importer.StartRowAsync();
            await importer.WriteAsync(Guid.CreateVersion7(epoch.AddSeconds(n)), NpgsqlTypes.NpgsqlDbType.Uuid);
            await importer.WriteAsync($"SKU-{n:D9}", NpgsqlTypes.NpgsqlDbType.Varchar);
            await importer.WriteAsync($"Product number {n}", NpgsqlTypes.NpgsqlDbType.Varchar);
            await importer.WriteAsync(n % 5 == 0 ? null : $"Description of product {n}, long enough to look like one.", NpgsqlTypes.NpgsqlDbType.Varchar);
            await importer.WriteAsync(new Guid($"00000000-0000-0000-0000-{n % 50:D12}"), NpgsqlTypes.NpgsqlDbType.Uuid);
            await importer.WriteAsync(10m + (n % 1000), NpgsqlTypes.NpgsqlDbType.Numeric);
            await importer.WriteAsync("EUR", NpgsqlTypes.NpgsqlDbType.Char);
            await importer.WriteAsync(n % 7 != 0, NpgsqlTypes.NpgsqlDbType.Boolean);
            await importer.WriteAsync(epoch.AddSeconds(n), NpgsqlTypes.NpgsqlDbType.TimestampTz);
            await importer.WriteAsync(epoch.AddSeconds(n), NpgsqlTypes.NpgsqlDbType.TimestampTz);
            await importer.WriteAsync(0, NpgsqlTypes.NpgsqlDbType.Integer);
        }

        await importer.CompleteAsync();
    }

    /// <summary>The floor: the server's own binary COPY out of one database, streamed into COPY in the other.</summary>
    public static async Task RawCopyAsync(string source, string target)
    {
        await using var from = new NpgsqlConnection(source);
        await using var to = new NpgsqlConnection(target);
        await from.OpenAsync();
        await to.OpenAsync();
        await using var reader = await from.BeginRawBinaryCopyAsync("COPY catalog.products TO STDOUT (FORMAT BINARY)");
        await using var writer = await to.BeginRawBinaryCopyAsync("COPY catalog.products FROM STDIN (FORMAT BINARY)");
        await reader.CopyToAsync(writer);
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<long> CountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM catalog.products", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

internal sealed class PlainMeters : System.Diagnostics.Metrics.IMeterFactory
{
    public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options) => new(options);

    public void Dispose()
    {
    }
}

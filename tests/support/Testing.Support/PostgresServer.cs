using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Testing.Support;

/// <summary>
/// A throwaway PostgreSQL cluster shared by the test run: initdb into a temporary folder, listening on
/// 127.0.0.1 at a free port, fsync off, stopped and deleted when the run ends. Set SHOP_TEST_POSTGRES
/// to a connection string to use an existing server instead (it must allow CREATE DATABASE).
/// </summary>
public sealed class PostgresServer
{
    public const string ConnectionVariable = "SHOP_TEST_POSTGRES";

    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);

    private readonly string? _adminConnectionString;

    private PostgresServer(string? adminConnectionString, string? unavailableReason)
    {
        _adminConnectionString = adminConnectionString;
        UnavailableReason = unavailableReason;
    }

    /// <summary>Why PostgreSQL tests are skipped on this machine, or null when they can run.</summary>
    public string? UnavailableReason { get; }

    /// <summary>The superuser's connection string (database postgres).</summary>
    public string AdminConnectionString => _adminConnectionString ?? throw new InvalidOperationException(UnavailableReason);

    /// <summary>The folder of psql and the other client programs, when installed here (for scripts written for psql).</summary>
    public static string? ClientBinaries => FindBinaries() is { } bin && File.Exists(Path.Combine(bin, "psql")) ? bin : null;

    public static Task<PostgresServer> GetAsync() => Shared.Value;

    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"shop_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } external)
        {
            return new PostgresServer(external, null);
        }

        var bin = FindBinaries();
        if (bin is null)
        {
            return new PostgresServer(null,
                $"PostgreSQL is not installed (no initdb/pg_ctl under /usr/lib/postgresql/*/bin or $PG_BIN) and {ConnectionVariable} is not set.");
        }

        var root = Directory.CreateTempSubdirectory("shop-pg-").FullName;
        var data = Path.Combine(root, "data");
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // initdb refuses to run as root; the cluster belongs to the postgres user.
            await RunAsync("chown", ["-R", "postgres", root]);
        }

        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"], asRoot);
        await RunAsync(Path.Combine(bin, "pg_ctl"),
        [
            "-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60",
            "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c full_page_writes=off -c max_connections=200",
            "start",
        ], asRoot);

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"], asRoot).GetAwaiter().GetResult();
                Directory.Delete(root, recursive: true);
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                // Best effort at exit: a leftover temp folder is not worth failing the run for.
            }
        };

        return new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true", null);
    }

    private static string? FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } configured && File.Exists(Path.Combine(configured, "initdb")))
        {
            return configured;
        }

        const string installed = "/usr/lib/postgresql";
        return Directory.Exists(installed)
            ? Directory.GetDirectories(installed)
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
    }

    private static int FreePort() => LoopbackPorts.Free();

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asPostgresUser = false)
    {
        var start = new ProcessStartInfo(asPostgresUser ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgresUser)
        {
            foreach (var prefix in (string[])["-u", "postgres", "--", program])
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }
}

using System.CommandLine;
using System.Data.Common;
using DataSync.ChangeLog;
using Microsoft.Data.SqlClient;
using Migration.Analysis;
using Npgsql;
using Plan;

namespace Migrate.Cli.Commands;

/// <summary>
/// `migrate datasync triggers &lt;module&gt; --provider P --connection CS [--apply]`: the capture triggers of a
/// module's tables (those the plan gives it, as the database describes them), printed as a script for the
/// database's own tool, or applied in one transaction. They log the changes no application code sees (raw SQL,
/// other programs, set-based statements) into DataSync's change log.
/// </summary>
internal static class DataSyncCommand
{
    public static Command Create()
    {
        var command = new Command("datasync", "DataSync's database side: the capture triggers of a module's tables.");
        command.Subcommands.Add(Triggers());
        return command;
    }

    private static Command Triggers()
    {
        var module = new Argument<string>("module") { Description = "The module, as named in the plan (e.g. catalog)." };
        var provider = new Option<string>("--provider")
        {
            Description = "The database of the module's data owner: PostgreSql or SqlServer (triggers are not generated for SQLite, the embedded default for local runs).",
            Required = true,
        };
        provider.AcceptOnlyFromAmong("PostgreSql", "SqlServer");
        var connection = new Option<string>("--connection", "-c")
        {
            Description = "Connection string of that database: its tables are read from it (and the triggers created there with --apply).",
            Required = true,
        };
        var plan = new Option<string>("--plan") { Description = "The plan that gives the module its tables.", DefaultValueFactory = _ => "migration.json" };
        var apply = new Option<bool>("--apply") { Description = "Create (or replace) the triggers in one transaction instead of printing the script." };
        var command = new Command("triggers", "Print (or, with --apply, create) the capture triggers of a module's tables on PostgreSQL or SQL Server.");
        command.Arguments.Add(module);
        foreach (var option in new Option[] { provider, connection, plan, apply })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var planPath = parse.GetValue(plan)!;
            var name = parse.GetValue(module)!;
            var modules = PlanFile.Load(planPath).Modules;
            if (!modules.TryGetValue(name, out var target))
            {
                throw new AnalysisException($"No module named '{name}' in {planPath}; the modules are {string.Join(", ", modules.Keys.Order(StringComparer.Ordinal))}.");
            }

            if (target.Tables == TablesPlan.None)
            {
                throw new AnalysisException($"Module '{name}' in {planPath} has no tables (\"tables\": a schema, a prefix or names): there is nothing to capture.");
            }

            return TriggersAsync(target, Database.Of(parse.GetValue(provider)!, parse.GetValue(connection)!), parse.GetValue(apply)).GetAwaiter().GetResult();
        }));
        return command;
    }

    private static async Task<int> TriggersAsync(ModulePlan module, Database database, bool apply)
    {
        await using var connection = database.Connection;
        try
        {
            await connection.OpenAsync();
        }
        catch (DbException ex)
        {
            throw new AnalysisException($"--connection: {database.Sql.Database} refused the connection: {FirstLine(ex.Message)}");
        }

        var tables = await CaptureTriggers.ReadAsync(connection, database.Sql, module.Tables, CancellationToken.None);
        if (tables.Count == 0)
        {
            throw new AnalysisException($"No table of module '{module.Name}' with a primary key in that database (the plan's tables: {Describe(module.Tables)}).");
        }

        var statements = CaptureTriggers.Statements(database.Sql, module.Name, tables);
        if (!apply)
        {
            Console.WriteLine($"-- Capture triggers of module '{module.Name}' ({tables.Count} tables): {string.Join(", ", tables.Select(t => t.DisplayName))}");
            foreach (var statement in statements)
            {
                Console.WriteLine(statement + database.Separator);
            }

            return 0;
        }

        Console.Error.WriteLine($"Creating the capture triggers of {tables.Count} tables of {module.Name}...");
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var statement in statements)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = statement;
            try
            {
                await command.ExecuteNonQueryAsync();
            }
            catch (DbException ex)
            {
                throw new AnalysisException($"{database.Sql.Database} refused the triggers (nothing was created): {FirstLine(ex.Message)}");
            }
        }

        await transaction.CommitAsync();
        foreach (var table in tables)
        {
            Console.WriteLine($"{table.DisplayName}: changes logged for {module.Name}");
        }

        return 0;
    }

    private static string Describe(TablesPlan tables) =>
        string.Join(", ", new[] { tables.Schema is { } s ? $"schema {s}" : null, tables.Prefix is { } p ? $"prefix {p}" : null }
            .Concat(tables.Names).OfType<string>());

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    /// <summary>A database by provider: its change log's SQL, a connection to it, and how its script tool separates statements.</summary>
    private sealed record Database(ChangeLogSql Sql, DbConnection Connection, string Separator)
    {
        public static Database Of(string provider, string connectionString)
        {
            try
            {
                return provider switch
                {
                    "PostgreSql" => new(new PostgreSqlChangeLog(), new NpgsqlConnection(connectionString), ";"),
                    // CREATE TRIGGER must begin its batch: sqlcmd and SSMS split batches at GO.
                    _ => new(new SqlServerChangeLog(), new SqlConnection(connectionString), "\nGO"),
                };
            }
            catch (ArgumentException ex)
            {
                throw new AnalysisException($"--connection: {ex.Message}");
            }
        }
    }
}

using System.CommandLine;
using System.Data.Common;
using DataSync.Changes;
using DataSync.Dialects;
using Migration.Analysis;
using Plan;

namespace Migrate.Cli.Commands;

/// <summary>
/// `migrate datasync triggers &lt;module&gt; --provider P --connection CS [--apply]`: the database triggers that log
/// every change of a module's tables for DataSync, including writes that bypass EF Core; printed, or applied.
/// </summary>
internal static class DataSyncCommand
{
    public static Command Create()
    {
        var module = new Argument<string>("module") { Description = "The module whose tables to capture, as named in the plan (e.g. catalog)." };
        var provider = new Option<string>("--provider")
        {
            Description = "The database's provider: PostgreSql or SqlServer.",
            Required = true,
        };
        var connection = new Option<string>("--connection", "-c")
        {
            Description = "Connection string of the database that owns the module's data (its tables are read from it).",
            Required = true,
        };
        var plan = new Option<string>("--plan") { Description = "The plan file, for the module's tables.", DefaultValueFactory = _ => "migration.json" };
        var apply = new Option<bool>("--apply") { Description = "Create (or replace) the triggers in the database instead of printing them." };
        var triggers = new Command("triggers",
            "Print, or apply, the triggers that log every change of a module's tables for DataSync (PostgreSQL and SQL Server).");
        triggers.Arguments.Add(module);
        triggers.Options.Add(provider);
        triggers.Options.Add(connection);
        triggers.Options.Add(plan);
        triggers.Options.Add(apply);
        triggers.SetAction(parse => CommandRunner.Run(() => TriggersAsync(parse.GetValue(module)!, parse.GetValue(provider)!,
            parse.GetValue(connection)!, parse.GetValue(plan)!, parse.GetValue(apply)).GetAwaiter().GetResult()));

        var command = new Command("datasync", "DataSync's set-up in a database.");
        command.Subcommands.Add(triggers);
        return command;
    }

    private static async Task<int> TriggersAsync(string module, string provider, string connectionString, string planPath, bool apply)
    {
        var modulePlan = PlanFile.Load(planPath).Modules.GetValueOrDefault(module)
            ?? throw new AnalysisException($"{planPath} has no module '{module}'.");
        SqlDialect dialect;
        try
        {
            dialect = SqlDialect.ForProvider(provider);
        }
        catch (NotSupportedException ex)
        {
            throw new AnalysisException(ex.Message);
        }

        if (dialect.ListKeyedTables is null)
        {
            throw new AnalysisException($"--provider {provider}: capture triggers are generated for PostgreSql and SqlServer (on SQLite, EF Core's capture sees every change of the application).");
        }

        try
        {
            await using var connection = dialect.CreateConnection(connectionString);
            await connection.OpenAsync();
            var tables = await CaptureTriggers.ReadAsync(connection, dialect, modulePlan.Tables, CancellationToken.None);
            if (tables.Count == 0)
            {
                throw new AnalysisException($"The plan's tables of module '{module}' select no table with a primary key in this database.");
            }

            var statements = CaptureTriggers.Statements(dialect, module, tables);
            if (!apply)
            {
                var separator = dialect is SqlServerDialect ? $"{Environment.NewLine}GO{Environment.NewLine}" : $";{Environment.NewLine}";
                Console.WriteLine(string.Join(separator, statements) + separator.TrimStart());
                Console.Error.WriteLine($"Capture triggers for {tables.Count} table(s) of {module}: {string.Join(", ", tables.Select(t => t.DisplayName))}.");
                return 0;
            }

            foreach (var statement in statements)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = statement;
                await command.ExecuteNonQueryAsync();
            }

            Console.WriteLine($"Created capture triggers on {tables.Count} table(s) of {module}: {string.Join(", ", tables.Select(t => t.DisplayName))}.");
            return 0;
        }
        catch (Exception ex) when (ex is DbException or ArgumentException)
        {
            throw new AnalysisException($"The database could not be read or changed: {ex.Message.Split('\n')[0].Trim()}");
        }
    }
}

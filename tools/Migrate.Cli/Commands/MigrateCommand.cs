using System.CommandLine;

namespace Migrate.Cli.Commands;

/// <summary>The `migrate` command and its subcommands.</summary>
internal static class MigrateCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Strangler-fig migration of a modular .NET monolith: a draft plan, coupling analysis, diffs, the architecture gate, stage changes, shadow reports, data reconciliation and capture triggers.");
        root.Subcommands.Add(InitCommand.Create());
        root.Subcommands.Add(AnalyzeCommand.Create());
        root.Subcommands.Add(DiffCommand.Create());
        root.Subcommands.Add(GateCommand.Create());
        root.Subcommands.Add(ReconcileCommand.Create());
        root.Subcommands.Add(DataSyncCommand.Create());
        root.Subcommands.Add(StageCommand.Create());
        root.Subcommands.Add(ShadowCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        return root;
    }
}

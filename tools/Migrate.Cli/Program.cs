using Migrate.Cli.Commands;
using Migration.Analysis;

// The analysis commands start compiling the scanner on the idle core while the command line is parsed.
if (args is ["analyze" or "gate", ..])
{
    Warmup.Start();
}

return await MigrateCommand.Create().Parse(args).InvokeAsync();

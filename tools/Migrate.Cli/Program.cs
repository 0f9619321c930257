using Migrate.Cli.Commands;

return await MigrateCommand.Create().Parse(args).InvokeAsync();

namespace Shop.Host.Tests.Infrastructure;

/// <summary>The Shop host on a fresh database in the shared throwaway PostgreSQL cluster.</summary>
public class PostgreSqlShopHost : ShopHost
{
    private string? _connectionString;
    private string? _skipReason;

    protected override string ProviderName => "PostgreSql";

    protected override string? ConnectionString => _connectionString;

    public override string? SkipReason => _skipReason;

    protected override async Task PrepareDatabaseAsync()
    {
        var server = await PostgresServer.GetAsync();
        if (server.UnavailableReason is { } reason)
        {
            _skipReason = reason;
            return;
        }

        _connectionString = await server.CreateDatabaseAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (_connectionString is not null)
        {
            await (await PostgresServer.GetAsync()).DropDatabaseAsync(_connectionString);
        }
    }
}

namespace Shop.Host.Tests.Infrastructure;

/// <summary>The Shop host on a SQLite file in a fresh temporary folder.</summary>
public class SqliteShopHost : ShopHost
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("shop-tests-");

    protected override string ProviderName => "Sqlite";

    protected override string ConnectionString => $"Data Source={Path.Combine(_folder.FullName, "shop.db")}";

    protected override Task PrepareDatabaseAsync() => Task.CompletedTask;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}

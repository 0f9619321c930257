using DataSync.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataSync.Tests.Hosting;

public sealed class DataSyncHostingTests
{
    [Theory]
    [InlineData(null, "InMemory", null)]
    [InlineData("Sqlite", "InMemory", "Data Source=ledger.db")]
    [InlineData("PostgreSql", "PostgreSql", "Host=db;Database=ledger")]
    [InlineData("SqlServer", "SqlServer", "Server=db;Database=ledger")]
    public void AddDataSync_NoStorageConfigured_FollowsTheServiceDatabase(string? provider, string storage, string? connection)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Database:Provider"] = provider;
        builder.Configuration["ConnectionStrings:ledger"] = connection;

        builder.AddDataSync(new ModuleSync("ledger", _ => throw new NotSupportedException(), _ => throw new NotSupportedException()));

        var options = builder.Services.BuildServiceProvider().GetRequiredService<IOptions<DataSyncOptions>>().Value;
        Assert.Equal(storage, options.Storage);
        Assert.Equal(connection, options.StorageConnectionString);
        Assert.False(options.IsWorker);
    }
}

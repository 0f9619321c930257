using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;
using Npgsql;
using Plan.Store;
using Plan.Store.PostgreSql;
using ServiceDefaults.Management;
using StranglerProxy.Plan;

namespace StranglerProxy.Store;

/// <summary>
/// This replica's registration in the shared store: its id, address and the plan version it serves,
/// renewed every Migration:Store:RenewInterval (and at once when the plan it serves changes). Others
/// see it live while its lease (Migration:Store:LeaseDuration) has not run out; it leaves on shutdown.
/// Until its first renewal, and whenever renewals fail for half the lease, it takes no writes (<see cref="StoreLeaseClock"/>).
/// </summary>
internal sealed partial class ReplicaLease(
    PostgresPlanStore shared, PlanStore plans, ReplicaIdentity identity, StoreLeaseClock clock, IServer server, ManagementPort management, IOptions<StoreOptions> options,
    IHostApplicationLifetime lifetime, ILogger<ReplicaLease> logger) : BackgroundService
{
    private readonly SemaphoreSlim _renewNow = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        plans.Changed += _ => RenewSoon();
        // Registered once the replica listens, so the address others see is one it answers on.
        if (!await StartedAsync(stoppingToken))
        {
            return;
        }

        var address = options.Value.ReplicaAddress
            ?? management.PublicAddresses(server).FirstOrDefault()
            ?? "unknown";
        var replicas = shared.Table("replicas");
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = Stopwatch.GetTimestamp();
            try
            {
                await using var connection = await shared.DataSource.OpenConnectionAsync(stoppingToken);
                await using var renew = new NpgsqlCommand(
                    $"""
                    INSERT INTO {replicas} (id, address, plan_version) VALUES (@id, @address, @version)
                    ON CONFLICT (id) DO UPDATE SET address = excluded.address, plan_version = excluded.plan_version, renewed_at = now();
                    DELETE FROM {replicas} WHERE renewed_at < now() - interval '1 hour';
                    DELETE FROM {shared.Table("evidence")} WHERE updated_at < now() - interval '1 hour';
                    """, connection);
                renew.Parameters.AddWithValue("id", identity.Id);
                renew.Parameters.AddWithValue("address", address);
                renew.Parameters.AddWithValue("version", plans.Current.Version);
                await renew.ExecuteNonQueryAsync(stoppingToken);
                // The plan is read before the lease counts as renewed: a replica back from a lapse takes writes
                // only once it serves the plan as it is now, not as it was before it lost the store.
                if (await shared.ReadAsync(connection, stoppingToken) is { } newest)
                {
                    plans.Offer(newest);
                }

                clock.Renewed(sent);
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                LogRenewalFailed(logger, identity.Id, ex.Message);
            }

            try
            {
                await _renewNow.WaitAsync(options.Value.RenewInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            // Leaving: others need not wait for this replica's lease to run out.
            await using var connection = await shared.DataSource.OpenConnectionAsync(cancellationToken);
            await using var leave = new NpgsqlCommand($"DELETE FROM {shared.Table("replicas")} WHERE id = @id", connection);
            leave.Parameters.AddWithValue("id", identity.Id);
            await leave.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or OperationCanceledException)
        {
            LogRenewalFailed(logger, identity.Id, ex.Message);
        }
    }

    private void RenewSoon()
    {
        try
        {
            _renewNow.Release();
        }
        catch (SemaphoreFullException)
        {
            // A renewal is already due.
        }
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        try
        {
            await started.Task.WaitAsync(stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {Replica} could not renew its lease in the plan store: {Reason}")]
    private static partial void LogRenewalFailed(ILogger logger, string replica, string reason);
}

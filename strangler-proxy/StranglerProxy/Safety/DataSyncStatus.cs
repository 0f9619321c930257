using System.Net.Http.Json;
using System.Text.Json;
using Contracts.DataSync;
using Contracts.Estate;
using StranglerProxy.Routing;

namespace StranglerProxy.Safety;

/// <summary>A module's DataSync as its service reports it (<see cref="SyncStatus"/>), or why it could not be read.</summary>
internal sealed record SyncReading(SyncStatus? Status, string? Error)
{
    /// <summary>
    /// Everything <paramref name="owner"/> logged is applied on the other side, so the data may move away
    /// from it: the sync runs from that owner, nothing is pending, and (into the service) the backfill is done.
    /// </summary>
    public bool DrainedFrom(DataOwner owner) =>
        Status is { PendingChanges: 0 } status
        && status.Direction == DataOwnership.DrainingFrom(owner)
        && (owner == DataOwner.Service || status.BackfillComplete);

    public override string ToString() => Error
        ?? $"{Status!.PendingChanges} change(s) pending{(Status.InOpenTransactions > 0 ? $" ({Status.InOpenTransactions} in transaction(s) still open)" : "")}, direction {Status.Direction}, backfill {(Status.BackfillComplete ? "complete" : "not complete")}";

    public static SyncReading Failed(string why) => new(null, why);
}

/// <summary>Reads a module's DataSync status from one of its service's healthy destinations, with the estate's service key.</summary>
internal sealed class DataSyncStatus(ClusterClient clusters, IConfiguration configuration)
{
    /// <summary>A service slower than this to report its sync is shown on the dashboard as unavailable, not waited for.</summary>
    public static readonly TimeSpan DashboardLimit = TimeSpan.FromSeconds(3);

    private readonly ServiceKey? _key = ServiceKey.From(configuration);

    /// <param name="limit">A service slower than this to say how its sync stands is reported as unavailable.</param>
    public async Task<SyncReading> ReadAsync(ModulePlan module, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            return await ReadOnceAsync(module, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SyncReading.Failed($"DataSync status unavailable: {module.Service} did not answer within {limit.TotalSeconds:0.###} s");
        }
    }

    private async Task<SyncReading> ReadOnceAsync(ModulePlan module, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(SyncStatus.PathOf(module.Name), UriKind.Relative));
            if (_key is not null)
            {
                request.Headers.Add(ServiceKey.Header, _key.Value);
            }

            using var response = await clusters.SendAsync(module.Service, request, cancellationToken);
            if (response is null)
            {
                return SyncReading.Failed($"{module.Service} has no healthy destination");
            }

            if (!response.IsSuccessStatusCode)
            {
                return SyncReading.Failed($"{module.Service} answered {(int)response.StatusCode} for its DataSync status");
            }

            return await response.Content.ReadFromJsonAsync<SyncStatus>(cancellationToken) is { } status
                ? new SyncReading(status, null)
                : SyncReading.Failed($"{module.Service} sent an empty DataSync status");
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or NotSupportedException or InvalidOperationException)
        {
            return SyncReading.Failed($"DataSync status unavailable: {ex.Message}");
        }
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using StranglerProxy.Routing;

namespace StranglerProxy.Safety;

/// <summary>A module's DataSync as its service reports it (<c>/datasync/status/{module}</c>), or why it could not.</summary>
internal sealed record SyncSnapshot(int PendingChanges, string? Direction, bool BackfillComplete, string? Error)
{
    /// <summary>Everything the monolith logged is applied to the service: the owner may change.</summary>
    public bool CaughtUp => Error is null && BackfillComplete && PendingChanges == 0 && Direction == "LegacyToService";

    public override string ToString() => Error
        ?? $"{PendingChanges} change(s) pending, direction {Direction}, backfill {(BackfillComplete ? "complete" : "not complete")}";
}

/// <summary>Reads a module's DataSync status from one of its service's healthy destinations.</summary>
internal sealed class DataSyncStatus(ClusterClient clusters)
{
    /// <param name="limit">A service slower than this to say how its sync stands is reported as unavailable.</param>
    public async Task<SyncSnapshot> ReadAsync(ModulePlan module, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            return await ReadOnceAsync(module, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed($"DataSync status unavailable: {module.Service} did not answer within {limit.TotalSeconds:0.###} s");
        }
    }

    private async Task<SyncSnapshot> ReadOnceAsync(ModulePlan module, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/datasync/status/{module.Name}", UriKind.Relative));
            using var response = await clusters.SendAsync(module.Service, request, cancellationToken);
            if (response is null)
            {
                return Failed($"{module.Service} has no healthy destination");
            }

            if (!response.IsSuccessStatusCode)
            {
                return Failed($"{module.Service} answered {(int)response.StatusCode} for its DataSync status");
            }

            var status = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return new SyncSnapshot(
                status.TryGetProperty("pendingChanges", out var p) && p.TryGetInt32(out var n) ? n : -1,
                status.TryGetProperty("direction", out var d) ? d.GetString() : null,
                status.TryGetProperty("backfillComplete", out var b) && b.ValueKind == JsonValueKind.True,
                null);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or NotSupportedException or InvalidOperationException)
        {
            return Failed($"DataSync status unavailable: {ex.Message}");
        }
    }

    private static SyncSnapshot Failed(string why) => new(-1, null, false, why);
}

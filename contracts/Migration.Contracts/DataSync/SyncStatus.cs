using System.Text.Json.Serialization;
using Plan;

namespace Contracts.DataSync;

/// <summary>
/// Where a module's sync stands, as its service reports it at <see cref="PathOf"/>: the stage and the
/// direction it follows, whether the backfill is complete, and the data owner's change log not yet applied
/// on the other side: <see cref="PendingChanges"/> counts the logged changes left to apply and, as one
/// each, the owner's open transactions that logged a change (<see cref="InOpenTransactions"/>), whose
/// entries are not visible until they commit. The proxy's fence moves a data owner only on this answer.
/// </summary>
public sealed record SyncStatus(
    string Module,
    string Stage,
    [property: JsonConverter(typeof(JsonStringEnumConverter<SyncDirection>))] SyncDirection Direction,
    bool BackfillComplete,
    long AppliedUpTo,
    int PendingChanges,
    double OldestPendingSeconds,
    int InOpenTransactions = 0)
{
    /// <summary>The route the service maps.</summary>
    public const string Route = "/datasync/status/{module}";

    public static string PathOf(string module) => $"/datasync/status/{Uri.EscapeDataString(module)}";
}

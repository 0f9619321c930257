namespace Contracts.DataSync;

/// <summary>What a reconcile found, per table: rows the follower lacks, has in excess, or holds differently.</summary>
public sealed record ReconcileReport(string Module, string Owner, bool Repaired, IReadOnlyList<TableReconcile> Tables)
{
    /// <summary>The route the service maps (<c>?repair=true</c> repairs from the owner).</summary>
    public const string Route = "/datasync/reconcile/{module}";

    public static string PathOf(string module, bool repair) => $"/datasync/reconcile/{Uri.EscapeDataString(module)}?repair={(repair ? "true" : "false")}";

    /// <summary>Rows missing, extra or different, over every table.</summary>
    public int Differences => Tables.Sum(t => t.Missing.Count + t.Extra.Count + t.Different.Count);

    public bool InSync => Tables.All(t => t.Missing.Count + t.Extra.Count + t.Different.Count == 0);
}

/// <summary>Keys are JSON arrays of the key values, as in the change log.</summary>
public sealed record TableReconcile(
    string Table, long OwnerRows, long FollowerRows, int Ranges, int RangesDiffering,
    IReadOnlyList<string> Missing, IReadOnlyList<string> Extra, IReadOnlyList<string> Different);

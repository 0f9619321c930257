namespace DataSync.Reconcile;

/// <summary>What a reconcile found, per table: rows the follower lacks, has in excess, or holds differently.</summary>
public sealed record ReconcileReport(string Module, string Owner, bool Repaired, IReadOnlyList<TableReconcile> Tables)
{
    public bool InSync => Tables.All(t => t.Missing.Count + t.Extra.Count + t.Different.Count == 0);
}

/// <summary>Keys are JSON arrays of the key values, as in the change log.</summary>
public sealed record TableReconcile(
    string Table, long OwnerRows, long FollowerRows, int Ranges, int RangesDiffering,
    IReadOnlyList<string> Missing, IReadOnlyList<string> Extra, IReadOnlyList<string> Different);

namespace DataSync.Backfill;

/// <summary>A backfill stopped between batches because the plan moved the data owner; what was copied stays checkpointed.</summary>
public sealed class BackfillStoppedException(string module, string table, long copied)
    : Exception($"Backfill of {module} stopped at {table} after {copied} rows: the plan has made the service the data owner.");

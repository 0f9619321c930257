namespace DataSync.Schema;

/// <summary>A table to sync, as one side names and stores it; keys first among the columns.</summary>
public sealed record SyncTable(string Entity, string? Schema, string Name, IReadOnlyList<SyncColumn> Columns)
{
    public IReadOnlyList<SyncColumn> Keys { get; } = [.. Columns.Where(c => c.IsKey)];

    public string DisplayName => Schema is null ? Name : $"{Schema}.{Name}";

    public override string ToString() => DisplayName;
}

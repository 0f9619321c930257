namespace DataSync.ChangeLog;

/// <summary>A table as the database describes it, for capture triggers: its name and its primary key's columns in order.</summary>
public sealed record CaptureTable(string? Schema, string Name, IReadOnlyList<CaptureKey> Keys)
{
    /// <summary>"schema.table", the name the triggers log changes under (the change applier knows tables by it too).</summary>
    public string DisplayName => Schema is null ? Name : $"{Schema}.{Name}";
}

/// <summary>A key column, and whether its values are numbers (written bare in the logged key, not as JSON strings).</summary>
public sealed record CaptureKey(string Name, bool IsNumber);

using System.Text.Json;

namespace Plan.Transitions;

/// <summary>
/// The audit trail as an append-only JSON-lines file (by default beside the plan, as migration.audit.jsonl),
/// flushed to disk before an append returns. The proxy and `migrate stage` on a plan file write the same file.
/// </summary>
public sealed class AuditFile(string path) : IAuditTrail
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string FilePath { get; } = Path.GetFullPath(path);

    /// <summary>The default audit file of a plan: beside it, as <c>&lt;plan&gt;.audit.jsonl</c>.</summary>
    public static string BesidePlan(string planPath) => Path.ChangeExtension(Path.GetFullPath(planPath), ".audit.jsonl");

    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(entry, Json) + "\n";
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var stream = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read);
            await using var writer = new StreamWriter(stream);
            await writer.WriteAsync(line.AsMemory(), cancellationToken);
            await writer.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string? module, CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath))
        {
            return [];
        }

        var entries = new List<AuditEntry>();
        foreach (var line in await File.ReadAllLinesAsync(FilePath, cancellationToken))
        {
            if (line.Length > 0 && JsonSerializer.Deserialize<AuditEntry>(line, Json) is { } entry
                && (module is null || entry.Module == module))
            {
                entries.Add(entry);
            }
        }

        return entries;
    }
}

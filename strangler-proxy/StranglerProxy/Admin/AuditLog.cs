using System.Text.Json;
using Microsoft.Extensions.Options;
using StranglerProxy.Plan;

namespace StranglerProxy.Admin;

/// <summary>An append-only JSON-lines file of stage changes, next to the plan unless configured.</summary>
internal sealed class AuditLog(IOptions<PlanOptions> options, PlanStore store)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string FilePath { get; } = options.Value.AuditPath is { Length: > 0 } configured
        ? Path.GetFullPath(configured, Path.GetDirectoryName(store.FilePath)!)
        : Path.ChangeExtension(store.FilePath, ".audit.jsonl");

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

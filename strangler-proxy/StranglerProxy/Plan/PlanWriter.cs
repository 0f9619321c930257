using System.Text.Json;
using System.Text.Json.Nodes;

namespace StranglerProxy.Plan;

/// <summary>
/// Changes a module's stage in the plan file: edits only that module's "stage" (and canary percent),
/// validates the result like any other plan, and replaces the file atomically (temp file + rename), so
/// a reader sees the old plan or the new one, never half of it.
/// </summary>
internal sealed class PlanWriter(PlanStore store)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<PlanWriteResult> SetStageAsync(string module, Stage stage, double? percent, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var text = await File.ReadAllTextAsync(store.FilePath, cancellationToken);
            var root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })?.AsObject();
            if (root?["modules"]?[module] is not JsonObject moduleNode)
            {
                return PlanWriteResult.UnknownModule;
            }

            moduleNode["stage"] = stage.ToPlanName();
            if (percent is { } p)
            {
                if (moduleNode["canary"] is not JsonObject canary)
                {
                    moduleNode["canary"] = canary = new JsonObject();
                }

                canary["percent"] = p;
            }

            var updated = root.ToJsonString(Indented) + Environment.NewLine;
            var validation = store.Validate(updated);
            if (validation.Plan is null)
            {
                return new PlanWriteResult(false, validation.Errors);
            }

            var temp = Path.Combine(Path.GetDirectoryName(store.FilePath)!, $".{Path.GetFileName(store.FilePath)}.{Guid.NewGuid():N}.tmp");
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await using var writer = new StreamWriter(stream);
                await writer.WriteAsync(updated.AsMemory(), cancellationToken);
                await writer.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, store.FilePath, overwrite: true);
            store.Reload(force: true);
            return PlanWriteResult.Written;
        }
        finally
        {
            _gate.Release();
        }
    }
}

internal sealed record PlanWriteResult(bool Succeeded, IReadOnlyList<PlanError> Errors, bool ModuleMissing = false)
{
    public static PlanWriteResult Written { get; } = new(true, []);

    public static PlanWriteResult UnknownModule { get; } = new(false, [], ModuleMissing: true);
}

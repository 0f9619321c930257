using System.Text.Json;
using System.Text.Json.Nodes;

namespace Plan;

/// <summary>
/// Changes a module's stage in a plan's text, touching nothing else, and writes a plan file atomically
/// (temp file + rename), so a reader sees the old plan or the new one, never half of it.
/// </summary>
public static class PlanEdit
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The plan text with the module's "stage" (and canary percent) changed; null when the plan has no such module.</summary>
    public static string? SetStage(string json, string module, Stage stage, double? percent)
    {
        var root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })?.AsObject();
        if (root?["modules"]?[module] is not JsonObject moduleNode)
        {
            return null;
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

        return root.ToJsonString(Indented) + Environment.NewLine;
    }

    public static async Task WriteAtomicallyAsync(string path, string content, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await using var writer = new StreamWriter(stream);
                await writer.WriteAsync(content.AsMemory(), cancellationToken);
                await writer.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}

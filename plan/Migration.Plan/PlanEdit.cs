using System.Security.Cryptography;
using System.Text;
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

    /// <summary>How long after replacing the plan an in-place save into the replaced file is still caught.</summary>
    private static readonly TimeSpan SaveSettle = TimeSpan.FromMilliseconds(50);

    /// <summary>The hash a plan's text is known by: what a compare-and-swap compares.</summary>
    public static string HashOf(ReadOnlySpan<byte> content) => Convert.ToHexString(SHA256.HashData(content));

    /// <summary>
    /// Replaces the plan file with <paramref name="content"/> only if it still holds the text whose hash is
    /// <paramref name="expectedHash"/>; otherwise leaves it alone and says why. The toolkit's own writers (proxies
    /// on a shared volume, the CLI) take turns through an advisory lock beside the plan. An editor's in-place
    /// save that lands between the check and the rename (or within 50 ms after it, from an editor that had the
    /// file open) is caught afterwards, since it went into the file still held open here, and put back: the
    /// editor's save wins and this change is refused, never silently overwritten. An editor that saves by
    /// renaming a file of its own over the plan within the microseconds between the check and the rename is
    /// not caught; that window is the limit of what a file offers (a shared store has none).
    /// </summary>
    /// <returns>Null when written; else why not.</returns>
    /// <exception cref="IOException">The plan or its folder cannot be written (for instance a read-only mount).</exception>
    public static async Task<string?> ReplaceIfUnchangedAsync(string path, string expectedHash, string content, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(path);
        await using var turn = await TakeTurnAsync(fullPath, cancellationToken);
        await using var current = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var before = await ReadAllAsync(current, cancellationToken);
        if (HashOf(before) != expectedHash)
        {
            return ChangedSinceRead(fullPath);
        }

        await WriteAtomicallyAsync(fullPath, content, cancellationToken);
        // An editor that opened the file just before the rename writes into the old one a moment later.
        await Task.Delay(SaveSettle, cancellationToken);
        var after = await ReadAllAsync(current, cancellationToken);
        if (HashOf(after) == expectedHash)
        {
            return null;
        }

        // The editor is saving into the replaced file: once its save is complete (the same twice running), it wins.
        for (var settled = 0; settled < 20; settled++)
        {
            await Task.Delay(SaveSettle, cancellationToken);
            var again = await ReadAllAsync(current, cancellationToken);
            if (again.Length > 0 && again.AsSpan().SequenceEqual(after))
            {
                break;
            }

            after = again;
        }

        await WriteAtomicallyAsync(fullPath, Encoding.UTF8.GetString(after), cancellationToken);
        return ChangedSinceRead(fullPath);
    }

    public static string ChangedSinceRead(string path) =>
        $"The plan file {path} changed since it was read (another writer, or an editor's save); nothing was written over it. Read the plan again and retry.";

    private static async Task<byte[]> ReadAllAsync(FileStream stream, CancellationToken cancellationToken)
    {
        stream.Position = 0;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }

    /// <summary>An exclusive lock on ".{plan}.lock" beside the plan (flock on Unix), waited for up to 10 s.</summary>
    private static async Task<FileStream> TakeTurnAsync(string planPath, CancellationToken cancellationToken)
    {
        var lockPath = Path.Combine(Path.GetDirectoryName(planPath)!, $".{Path.GetFileName(planPath)}.lock");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline && File.Exists(lockPath))
            {
                // Another writer has its turn; they last milliseconds.
                await Task.Delay(10, cancellationToken);
            }
        }
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

namespace Plan;

/// <summary>
/// What a plan file is at a moment, cheaply (a stat, no read): where it resolves to, when it was written
/// and how long it is. Followed through symlinks, because a Kubernetes ConfigMap volume changes by
/// swapping the symlink the plan's own symlink goes through and leaves the link itself as it was.
/// </summary>
public readonly record struct PlanFileStamp(string? Target, DateTime LastWrite, long Length)
{
    public static PlanFileStamp Of(string path)
    {
        var link = new FileInfo(path);
        var file = link.LinkTarget is null ? link : link.ResolveLinkTarget(returnFinalTarget: true) as FileInfo;
        return file is { Exists: true } ? new(file.FullName, file.LastWriteTimeUtc, file.Length) : default;
    }
}

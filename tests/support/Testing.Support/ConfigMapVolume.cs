using System.Runtime.InteropServices;

namespace Testing.Support;

/// <summary>
/// A folder laid out as the kubelet lays out a ConfigMap volume: the file is a symlink through "..data",
/// itself a symlink to a timestamped folder. An update never edits the file: the kubelet writes a new
/// folder and renames a fresh "..data" over the old one, then deletes the old folder.
/// </summary>
public sealed class ConfigMapVolume(string folder, string fileName)
{
    private const string DataLink = "..data";
    private int _generation;

    public string FilePath { get; } = Path.Combine(folder, fileName);

    /// <summary>Projects a new version of the file, as the kubelet's atomic writer does.</summary>
    public void Project(string content)
    {
        var link = Path.Combine(folder, DataLink);
        var previous = Directory.Exists(link) ? new DirectoryInfo(link).LinkTarget : null;

        var version = $"..2026_12_02_00_00_00.{++_generation:D9}";
        Directory.CreateDirectory(Path.Combine(folder, version));
        File.WriteAllText(Path.Combine(folder, version, fileName), content);
        var temporary = Path.Combine(folder, "..data_tmp");
        File.CreateSymbolicLink(temporary, version);
        // rename(2) itself: File.Move refuses a source that resolves to a folder.
        if (Rename(temporary, link) != 0)
        {
            throw new IOException($"rename {temporary} -> {link} failed: errno {Marshal.GetLastPInvokeError()}");
        }

        if (previous is null)
        {
            File.CreateSymbolicLink(FilePath, Path.Combine(DataLink, fileName));
        }
        else
        {
            Directory.Delete(Path.Combine(folder, previous), recursive: true);
        }
    }

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename([MarshalAs(UnmanagedType.LPUTF8Str)] string from, [MarshalAs(UnmanagedType.LPUTF8Str)] string to);
}

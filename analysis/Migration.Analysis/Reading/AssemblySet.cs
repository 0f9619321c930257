namespace Migration.Analysis.Reading;

/// <summary>The assembly files to analyse: files as given, folders expanded to their *.dll files.</summary>
public static class AssemblySet
{
    /// <exception cref="AnalysisException">A path that does not exist, or nothing to analyse.</exception>
    public static IReadOnlyList<string> Collect(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.dll").Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw new AnalysisException($"{path}: no such file or folder.");
            }
        }

        if (files.Count == 0)
        {
            throw new AnalysisException($"No assemblies found in {string.Join(", ", paths)}.");
        }

        return [.. files.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal)];
    }
}

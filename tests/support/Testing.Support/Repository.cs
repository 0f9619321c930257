namespace Testing.Support;

/// <summary>Paths in the repository the tests run from (found by its Migration.sln above the test's output).</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Migration.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Migration.sln above {AppContext.BaseDirectory}.");
    }
}

namespace Testing.Support;

/// <summary>The build output folders of the repository's applications, in the configuration the tests were built in.</summary>
public static class BuildOutputs
{
    /// <summary>Debug or Release: the folder under bin/ the running test was built into.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The second legacy application: namespaces as modules, one shared DbContext, MVC, raw SQL, a shared kernel.</summary>
    public static string Clinic => Of("tests", "fixtures", "Clinic", "Clinic.Web");

    /// <summary>The sample monolith's host.</summary>
    public static string Shop => Of("legacy", "Shop.Host");

    public static string Of(params string[] project)
    {
        var folder = Path.Combine(Repository.PathOf(project), "bin", Configuration, "net10.0");
        return File.Exists(Path.Combine(folder, Path.GetFileName(Repository.PathOf(project)) + ".dll"))
            ? folder
            : throw new InvalidOperationException($"{folder} holds no build of {string.Join('/', project)}: build the solution first.");
    }
}

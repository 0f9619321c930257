namespace Plan;

/// <summary>Reads a plan file once, for processes that do not follow its edits (the CLI, tests).</summary>
public static class PlanFile
{
    /// <exception cref="InvalidPlanException">The file is missing, unreadable or invalid.</exception>
    public static MigrationPlan Load(string path, ServiceCatalog? services = null)
    {
        var fullPath = Path.GetFullPath(path);
        string json;
        try
        {
            json = File.ReadAllText(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidPlanException([new PlanError(fullPath, "$", $"Cannot read the plan file: {ex.Message}")]);
        }

        var result = new PlanParser(services).Parse(json, fullPath);
        return result.Plan ?? throw new InvalidPlanException(result.Errors);
    }
}

namespace Plan;

/// <summary>What part a module of the monolith plays in the migration.</summary>
public enum ModuleRole
{
    /// <summary>An extractable module: it has routes, a service and a stage.</summary>
    Module,

    /// <summary>
    /// A shared kernel or library that ships inside every deployable: references into it never cross the
    /// network, and it has no stage.
    /// </summary>
    Shared,

    /// <summary>The composition root: its references to modules are wiring, dropped when a module leaves.</summary>
    Host,
}

public static class ModuleRoles
{
    public static string ToPlanName(this ModuleRole role) => role switch
    {
        ModuleRole.Shared => "shared",
        ModuleRole.Host => "host",
        _ => "module",
    };

    public static bool TryParse(string? name, out ModuleRole role)
    {
        role = name switch
        {
            "module" => ModuleRole.Module,
            "shared" => ModuleRole.Shared,
            "host" => ModuleRole.Host,
            _ => (ModuleRole)(-1),
        };
        return Enum.IsDefined(role);
    }
}

using Migration.Analysis.Modules;

namespace Migration.Analysis.Reading;

/// <summary>
/// What one assembly contributes: its top-level types that belong to a module, their references to
/// types of other modules, and SQL text they carry. Nested and compiler-generated types (closures,
/// async state machines) are folded into the top-level type that declares them.
/// </summary>
public sealed record ScannedAssembly(
    string Name,
    string Path,
    IReadOnlyList<ScannedType> Types,
    IReadOnlyList<TypeReference> References,
    IReadOnlyList<SqlText> SqlTexts,
    IReadOnlyList<string> ReferencedAssemblies)
{
    /// <summary>Uses of types outside every module, per module and referenced assembly.</summary>
    public IReadOnlyList<ExternalUse> External { get; init; } = [];

    /// <summary>Types the assembly forwards to another (by full name), as facades do.</summary>
    public IReadOnlyDictionary<string, string> Forwarded { get; init; } = new Dictionary<string, string>();
}

/// <summary>A module's uses of the types of an assembly that belong to no module.</summary>
public sealed record ExternalUse(int Module, string Assembly, int Uses);

public sealed record ScannedType(string Assembly, string FullName, int Module, ModulePart Part, bool IsAbstract);

/// <summary>A type of one module using a type of another; <paramref name="From"/> indexes the assembly's types.</summary>
public sealed record TypeReference(int From, string ToAssembly, string ToFullName, int ToModule, ModulePart ToPart, int Count);

/// <summary>A string literal that reads as SQL, by the type that holds it.</summary>
public sealed record SqlText(int From, string Text);

namespace Migration.Analysis.Modules;

/// <summary>
/// Which code belongs to a module part: an assembly name ("Shop.Modules.Catalog", "Shop.*") or, with the
/// "namespace:" prefix, a namespace and everything under it ("namespace:System.Text.Json").
/// </summary>
public sealed record ModulePattern(ModulePatternKind Kind, string Text)
{
    public const string NamespacePrefix = "namespace:";

    public static ModulePattern Parse(string text) =>
        text.StartsWith(NamespacePrefix, StringComparison.Ordinal)
            ? new ModulePattern(ModulePatternKind.Namespace, text[NamespacePrefix.Length..].TrimEnd('.', '*'))
            : new ModulePattern(ModulePatternKind.Assembly, text);

    public bool Matches(string assembly, string @namespace) => Kind switch
    {
        ModulePatternKind.Assembly => Glob.IsMatch(assembly, Text),
        _ => @namespace.StartsWith(Text, StringComparison.Ordinal)
             && (@namespace.Length == Text.Length || @namespace[Text.Length] == '.'),
    };

    /// <summary>How specific the pattern is: the most specific match wins ("Shop.Modules.Catalog" over "Shop.*").</summary>
    public int Specificity { get; } = Kind == ModulePatternKind.Namespace ? 1000 + Text.Length : Text.Replace("*", "", StringComparison.Ordinal).Length;

    public override string ToString() => Kind == ModulePatternKind.Namespace ? NamespacePrefix + Text : Text;
}

public enum ModulePatternKind
{
    Assembly,
    Namespace,
}

using System.Text.Json;

namespace Migration.Architecture;

/// <summary>
/// The committed baseline of violations the estate still has, by rule id. It only shrinks: a violation
/// not listed fails the gate, and so does a listed one that is gone, until it is taken off the list.
/// </summary>
public sealed class KnownViolations(IReadOnlyDictionary<string, string[]> byRule)
{
    public static KnownViolations None { get; } = new(new Dictionary<string, string[]>());

    public IEnumerable<string> RuleIds => byRule.Keys;

    public static KnownViolations Load(string path) =>
        new(JsonSerializer.Deserialize<Dictionary<string, string[]>>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path} is empty."));

    /// <summary>What the gate says about one rule: violations that are new, and listed ones that are fixed.</summary>
    public (IReadOnlyList<string> New, IReadOnlyList<string> Fixed) Check(ArchitectureRule rule, IReadOnlyList<string> found)
    {
        var known = byRule.GetValueOrDefault(rule.Id) ?? [];
        return ([.. found.Except(known, StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                [.. known.Except(found, StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
    }
}

using System.Text;

namespace Migration.Architecture;

/// <summary>The outcome of every rule; <see cref="ToString"/> is the readable failure report.</summary>
public sealed record ArchitectureResult(IReadOnlyList<RuleResult> Rules)
{
    public bool IsSuccessful => Rules.All(r => r.IsSuccessful);

    public IReadOnlyList<RuleResult> Failing => [.. Rules.Where(r => !r.IsSuccessful)];

    public override string ToString()
    {
        if (IsSuccessful)
        {
            return $"All {Rules.Count} architecture rules hold.";
        }

        var text = new StringBuilder($"{Failing.Count} of {Rules.Count} architecture rules fail:");
        foreach (var rule in Failing)
        {
            text.AppendLine().Append(rule);
        }

        return text.ToString();
    }
}

/// <summary>One rule's outcome: the types that break it (as NetArchTest names them), and known violations that are gone.</summary>
public sealed record RuleResult(ArchitectureRule Rule, IReadOnlyList<string> FailingTypeNames, IReadOnlyList<string> FixedKnownViolations)
{
    public bool IsSuccessful => FailingTypeNames.Count == 0 && FixedKnownViolations.Count == 0;

    public override string ToString()
    {
        var text = new StringBuilder($"- {Rule.Id}: {Rule.Demand}");
        foreach (var type in FailingTypeNames)
        {
            text.AppendLine().Append("    breaks it: ").Append(type);
        }

        foreach (var type in FixedKnownViolations)
        {
            text.AppendLine().Append("    fixed, take it out of the known violations: ").Append(type);
        }

        return text.ToString();
    }
}

using Microsoft.EntityFrameworkCore;
using Migration.Analysis.Modules;
using Plan;

namespace Architecture.Tests;

/// <summary>The CI gate: every rule generated from the plan holds for the sample estate, apart from its known violations.</summary>
public sealed class EstateArchitectureTests
{
    public static TheoryData<string> RuleIds => [.. SampleEstate.Rules.Select(rule => rule.Id)];

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_HoldsApartFromKnownViolations(string ruleId)
    {
        var rule = SampleEstate.Rules.Single(r => r.Id == ruleId);

        var (found, gone) = SampleEstate.Known.Check(rule, rule.FindViolations());

        Assert.True(found.Count == 0,
            $"{rule.Demand}{Environment.NewLine}New violations:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", found)}");
        Assert.True(gone.Count == 0,
            $"Fixed, so take them out of known-violations.json under \"{rule.Id}\":{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", gone)}");
    }

    [Fact]
    public void KnownViolations_NameOnlyRulesThatExist()
    {
        var ids = SampleEstate.Rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

        var stale = SampleEstate.Known.RuleIds.Where(id => !ids.Contains(id)).ToList();

        Assert.True(stale.Count == 0, $"known-violations.json names rules that no longer exist: {string.Join(", ", stale)}");
    }

    [Fact]
    public void Rules_CoverEveryModuleOfThePlan()
    {
        var modules = SampleEstate.Modules;

        foreach (var (module, index) in modules.Map.Modules.Select((m, i) => (m, i)).Where(m => m.m.Role == ModuleRole.Module))
        {
            Assert.NotEmpty(modules.NamesIn(index, ModulePart.Implementation));
            Assert.NotEmpty(modules.NamesIn(index, ModulePart.Contracts));
            // The DbContext rule must select something, or it would pass by having nothing to check.
            Assert.NotEmpty(modules.In(index, ModulePart.Implementation).And().Inherit(typeof(DbContext)).GetTypes());
            Assert.Contains(SampleEstate.Rules, r => r.Id == $"{module.Name}: contracts depend on the base library only");
        }
    }
}

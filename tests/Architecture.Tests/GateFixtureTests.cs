using Migration.Analysis.Modules;
using Migration.Architecture;
using Plan;
using ViolatingEstate.Alpha;

namespace Architecture.Tests;

/// <summary>The gate really fails: an estate built to break the rules is rejected, with the offending types named.</summary>
public sealed class GateFixtureTests
{
    private static readonly IReadOnlyList<ArchitectureRule> Rules = PlanRules.For(
        new ModuleTypes(
            new ModuleMap([Module("alpha"), Module("beta")]),
            [typeof(AlphaService).Assembly]),
        new EstateParts());

    [Fact]
    public void ImplementationRule_FixtureReachingIntoImplementation_NamesTheType()
    {
        var (found, _) = KnownViolations.None.Check(Rule("alpha -> beta: implementation"), Rule("alpha -> beta: implementation").FindViolations());

        Assert.Equal(["ViolatingEstate.Alpha.AlphaService"], found);
    }

    [Fact]
    public void ImplementationRule_FixtureUsingContractsOnly_Passes()
    {
        Assert.Empty(Rule("beta -> alpha: implementation").FindViolations());
    }

    [Fact]
    public void DbContextRule_PublicDbContext_NamesIt()
    {
        Assert.Equal(["ViolatingEstate.Alpha.AlphaDbContext"], Rule("alpha: DbContexts are internal").FindViolations());
    }

    [Fact]
    public void CycleRule_ModulesUsingEachOther_ReportsTheCircle()
    {
        var cycle = Assert.Single(Rule("modules: no cycles").FindViolations());

        Assert.StartsWith("alpha, beta", cycle, StringComparison.Ordinal);
    }

    [Fact]
    public void KnownViolations_ListedViolationThatIsGone_FailsAsFixed()
    {
        var rule = Rule("beta -> alpha: implementation");
        var known = new KnownViolations(new Dictionary<string, string[]> { [rule.Id] = ["ViolatingEstate.Beta.BetaHandler"] });

        var (found, gone) = known.Check(rule, rule.FindViolations());

        Assert.Empty(found);
        Assert.Equal(["ViolatingEstate.Beta.BetaHandler"], gone);
    }

    private static ArchitectureRule Rule(string id) => Rules.Single(r => r.Id == id);

    private static ModuleDefinition Module(string name)
    {
        var root = "ViolatingEstate." + char.ToUpperInvariant(name[0]) + name[1..];
        return new ModuleDefinition(name,
            [ModulePattern.Parse(ModulePattern.NamespacePrefix + root)],
            [ModulePattern.Parse(ModulePattern.NamespacePrefix + root + ".Contracts")],
            Stage.Legacy, TablesPlan.None, name);
    }
}

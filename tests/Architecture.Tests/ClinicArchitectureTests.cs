using Migration.Architecture;
using Testing.Support;

namespace Architecture.Tests;

/// <summary>
/// The plan's rules on an application unlike Shop (tests/fixtures/Clinic): modules as namespaces of one
/// web app, a shared kernel, one shared DbContext in the host. Used the way a user's test project would.
/// </summary>
public sealed class ClinicArchitectureTests
{
    private static readonly Lazy<ArchitectureResult> Result = new(() =>
    {
        var architecture = PlanArchitecture.Load(Repository.PathOf("tests", "fixtures", "Clinic", "migration.json"));
        return architecture.Check(architecture.Assemblies(BuildOutputs.Clinic));
    });

    [Fact]
    public void Check_Clinic_FailsOnlyWhereModulesUseTheHostsSharedDbContext()
    {
        var failing = Result.Value.Failing.ToDictionary(r => r.Rule.Id, r => r.FailingTypeNames);

        // Each module reaches into the host for the one DbContext (and the in-memory store): that, and only
        // that, keeps them in the monolith.
        Assert.Equal(["billing -> host: implementation", "patients -> host: implementation", "reporting -> host: implementation", "scheduling -> host: implementation"],
            failing.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Clinic.Web.Modules.Billing.InvoiceLedger", "Clinic.Web.Modules.Billing.InvoiceService"], failing["billing -> host: implementation"].Order(StringComparer.Ordinal));
        Assert.Contains("reporting -> host: implementation: The implementation of reporting uses host only through its contracts.", Result.Value.ToString(), StringComparison.Ordinal);
        Assert.Contains("    breaks it: Clinic.Web.Modules.Reporting.ReportQueries", Result.Value.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Clinic_SchedulingUsesPatientsThroughItsContractsAndTheKernelUsesNoModule()
    {
        var rules = Result.Value.Rules.ToDictionary(r => r.Rule.Id);

        Assert.True(rules["scheduling -> patients: implementation"].IsSuccessful);
        Assert.True(rules["patients: contracts depend on the base library only"].IsSuccessful);
        Assert.True(rules["shared-kernel: shared, uses no module"].IsSuccessful);
        Assert.True(rules["modules: no cycles"].IsSuccessful);
        // No rule constrains what the host uses, nor what uses the shared kernel.
        Assert.DoesNotContain(rules.Keys, id => id.StartsWith("host", StringComparison.Ordinal) || id.EndsWith("-> shared-kernel: implementation", StringComparison.Ordinal));
    }
}

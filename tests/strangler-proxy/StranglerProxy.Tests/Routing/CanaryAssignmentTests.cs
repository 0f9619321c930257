using StranglerProxy.Routing;

namespace StranglerProxy.Tests.Routing;

public sealed class CanaryAssignmentTests
{
    private static readonly string[] Keys = Enumerable.Range(0, 10_000).Select(i => $"user-{i}").ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(25)]
    [InlineData(50)]
    [InlineData(90)]
    public void IsInCanary_TenThousandKeys_ShareIsWithinStatisticalTolerance(double percent)
    {
        var share = Keys.Count(k => CanaryAssignment.IsInCanary("catalog", k, percent)) * 100.0 / Keys.Length;

        // Four standard deviations of a binomial share over 10,000 keys.
        var tolerance = 4 * Math.Sqrt(percent * (100 - percent) / Keys.Length);
        Assert.InRange(share, percent - tolerance, percent + tolerance);
    }

    [Fact]
    public void IsInCanary_PercentGrows_NoKeyLeavesTheCanary()
    {
        var previous = new HashSet<string>();
        foreach (var percent in new[] { 1.0, 5, 10, 20, 50, 80, 100 })
        {
            var current = Keys.Where(k => CanaryAssignment.IsInCanary("catalog", k, percent)).ToHashSet();
            Assert.Superset(previous, current);
            previous = current;
        }

        Assert.Equal(Keys.Length, previous.Count);
    }

    [Fact]
    public void IsInCanary_ZeroPercent_NobodyIsIn()
    {
        Assert.DoesNotContain(Keys, k => CanaryAssignment.IsInCanary("catalog", k, 0));
    }

    [Fact]
    public void Bucket_SameKeyAndModule_IsStableAcrossCallsAndProcesses()
    {
        // Fixed values: replicas, restarts and other machines must agree, so the hash may never change.
        Assert.Equal(CanaryAssignment.Bucket("catalog", "user-42"), CanaryAssignment.Bucket("catalog", "user-42"));
        Assert.Equal(ExpectedBucketOfUser42InCatalog, CanaryAssignment.Bucket("catalog", "user-42"));
    }

    [Fact]
    public void IsInCanary_TwoModules_ChooseIndependentKeys()
    {
        var catalog = Keys.Where(k => CanaryAssignment.IsInCanary("catalog", k, 50)).ToHashSet();
        var ordering = Keys.Where(k => CanaryAssignment.IsInCanary("ordering", k, 50)).ToHashSet();

        var overlap = catalog.Intersect(ordering).Count() * 100.0 / Keys.Length;
        Assert.InRange(overlap, 21, 29);
    }

    private const int ExpectedBucketOfUser42InCatalog = 9433;
}

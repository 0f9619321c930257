using StranglerProxy.Dashboard;

namespace StranglerProxy.Tests.Dashboard;

/// <summary>Chart settings that cannot work stop the proxy at start, naming the setting and why.</summary>
public sealed class DashboardOptionsTests
{
    [Theory]
    [InlineData("00:00:00", "01:00:00", "Migration:Dashboard:ChartInterval: must be longer than zero, not 00:00:00.")]
    [InlineData("00:00:05", "00:00:01", "Migration:Dashboard:ChartWindow: must hold between 1 and 20000 points of 00:00:05, not 00:00:01.")]
    [InlineData("00:00:00.001", "01:00:00", "Migration:Dashboard:ChartWindow: must hold between 1 and 20000 points of 00:00:00.0010000, not 01:00:00.")]
    public void Errors_SettingThatCannotWork_NamesItAndWhy(string interval, string window, string error)
    {
        var options = new DashboardOptions { ChartInterval = TimeSpan.Parse(interval), ChartWindow = TimeSpan.Parse(window) };

        Assert.Equal($"configuration: {error}", Assert.Single(options.Errors()).ToString());
    }

    [Fact]
    public void Errors_Defaults_None() => Assert.Empty(new DashboardOptions().Errors());
}

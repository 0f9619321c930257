namespace Deploy.Tests.Grafana;

public sealed class PromQlTests
{
    [Theory]
    [InlineData("up", "up")]
    [InlineData(
        "sum by (migration_module, migration_target) (rate(http_server_request_duration_seconds_count{migration_module=~\"$module\"}[$__rate_interval]))",
        "http_server_request_duration_seconds_count{migration_module}")]
    [InlineData(
        "histogram_quantile(0.95, sum by (le, migration_module) (rate(http_server_request_duration_seconds_bucket{migration_module=~\"$module\", error_type!~\"|client_aborted\"}[5m])))",
        "http_server_request_duration_seconds_bucket{migration_module}")]
    [InlineData(
        "(sum by (module) (rate(comparisons_total{module=~\"${module:regex}\", outcome=\"mismatch\"}[1m])) or 0 * sum(rate(comparisons_total[1m]))) / ignoring(outcome) sum(rate(other_total[1m]))",
        "comparisons_total{module, outcome} | comparisons_total | other_total")]
    [InlineData("sum(increase(flips_total[1m])) > 0 or flips_total unless flips_total offset 1m", "flips_total | flips_total | flips_total")]
    [InlineData("max without (instance) (node:cpu:rate5m) * on (job) group_left (version) build_info", "node:cpu:rate5m | build_info")]
    [InlineData("label_replace(up{job='a'}, \"dst_label\", \"$1\", \"src_label\", \"(.*)\")", "up{job}")]
    [InlineData("sum(rate(requests_total[5m:30s])) by (module) / count_values(\"stage\", stage_info) > bool 1e3", "requests_total | stage_info")]
    [InlineData("SUM BY (a) (x) AND y", "x | y")]
    public void Selectors_Expression_NameEveryMetricWithTheLabelsItsMatchersRequire(string expression, string expected) =>
        Assert.Equal(expected, string.Join(" | ", PromQl.Selectors(expression)));

    [Theory]
    [InlineData("{__name__=\"up\"}")]
    [InlineData("sum(rate(x{job=\"a\"[5m]))")]
    [InlineData("sum(rate(x{job=\"a}[5m]))")]
    [InlineData("rate(x{job}[5m])")]
    public void Selectors_ExpressionItCannotPlace_IsRefusedNotSkipped(string expression) =>
        Assert.Throws<FormatException>(() => PromQl.Selectors(expression));
}

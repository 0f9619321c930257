using System.Text.Json.Nodes;
using Plan;

namespace Deploy.Tests.Grafana;

/// <summary>deploy/grafana/dashboards/migration.json: importable into any Grafana with a Prometheus, and saying what the estate measures.</summary>
public sealed class DashboardTests
{
    private readonly GrafanaDashboard _dashboard = GrafanaDashboard.Load();

    [Fact]
    public void Dashboard_Variables_ChooseAnyPrometheusAndTheModulesItKnows()
    {
        // The classic JSON model's current schema (Grafana 12 and later), so Grafana runs no migration on it.
        Assert.Equal(42, (int)_dashboard.Json["schemaVersion"]!);
        Assert.Equal("migration-estate", (string?)_dashboard.Json["uid"]);

        var datasource = _dashboard.Variable("datasource");
        Assert.Equal("datasource", (string?)datasource["type"]);
        Assert.Equal("prometheus", (string?)datasource["query"]);

        var module = _dashboard.Variable("module");
        Assert.Equal("query", (string?)module["type"]);
        Assert.Equal("${datasource}", (string?)module["datasource"]!["uid"]);
        Assert.Equal("label_values(migration_proxy_stage, module)", (string?)module["query"]!["query"]);
        Assert.True((bool)module["includeAll"]! && (bool)module["multi"]!, "every module at once, or a few");
    }

    [Fact]
    public void Dashboard_EveryPanelQueryAndAnnotation_AsksTheChosenDataSource()
    {
        var asking = _dashboard.Panels.Where(p => (string?)p["type"] != "row")
            .SelectMany(p => new[] { ((string)p["title"]!, p["datasource"]) }.Concat(p["targets"]!.AsArray().Select(t => ((string)p["title"]!, t!["datasource"]))))
            .Concat(_dashboard.Json["annotations"]!["list"]!.AsArray().Where(a => a!["builtIn"] is null).Select(a => ((string)a!["name"]!, a["datasource"])));

        Assert.All(asking, source => Assert.True(
            (string?)source.Item2?["type"] == "prometheus" && (string?)source.Item2["uid"] == "${datasource}",
            $"'{source.Item1}' asks {source.Item2?.ToJsonString() ?? "no data source"}, not the dashboard's ${{datasource}}"));
        Assert.All(_dashboard.Panels.Where(p => (string?)p["type"] != "row"), panel => Assert.NotEmpty(panel["targets"]!.AsArray()));
    }

    [Fact]
    public void Dashboard_Panels_HaveTheirOwnIdsAndPlacesOnTheGrid()
    {
        var panels = _dashboard.Panels.Select(p => (Title: (string)p["title"]!, Id: (int)p["id"]!, Grid: p["gridPos"]!.AsObject())).ToList();
        Assert.Equal(panels.Count, panels.Select(p => p.Id).Distinct().Count());
        var cells = new Dictionary<(int X, int Y), string>();
        foreach (var (title, _, grid) in panels)
        {
            var (x, y, w, h) = ((int)grid["x"]!, (int)grid["y"]!, (int)grid["w"]!, (int)grid["h"]!);
            Assert.True(x >= 0 && w > 0 && x + w <= 24 && h > 0, $"'{title}' fits the 24 columns");
            foreach (var cell in Enumerable.Range(x, w).SelectMany(cx => Enumerable.Range(y, h).Select(cy => (cx, cy))))
            {
                Assert.True(cells.TryAdd(cell, title), $"'{title}' overlaps '{cells.GetValueOrDefault(cell)}'");
            }
        }
    }

    [Fact]
    public void Dashboard_StagePanels_NameEachStageByTheNumberTheProxyReports()
    {
        var stagePanels = _dashboard.Panels.Where(p => p["targets"]!.AsArray().Any(t => ((string)t!["expr"]!).Contains("migration_proxy_stage", StringComparison.Ordinal))).ToList();
        Assert.Contains(stagePanels, p => (string?)p["type"] == "state-timeline");

        Assert.All(stagePanels, panel =>
        {
            var mapped = panel["fieldConfig"]!["defaults"]!["mappings"]!.AsArray().Single(m => (string?)m!["type"] == "value")!["options"]!.AsObject();
            Assert.Equal(
                Enum.GetValues<Stage>().Select(s => ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) + "=" + s.ToPlanName()),
                mapped.Select(m => m.Key + "=" + (string?)m.Value!["text"]));
        });
    }

    [Fact]
    public void Dashboard_Queries_CoverTheSplitErrorsShadowFallbacksLagAndStageFlips()
    {
        var metrics = _dashboard.Selectors.Select(s => s.Selector.Metric).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal)
            {
                "http_server_request_duration_seconds_count", "migration_proxy_stage", "migration_proxy_flips_total",
                "migration_proxy_shadow_comparisons_total", "migration_proxy_fallbacks_total", "datasync_lag_pending", "datasync_lag_oldest_seconds",
            },
            metrics);
        Assert.Contains("migration_proxy_flips_total", _dashboard.Queries.Where(q => q.Where.StartsWith("annotation", StringComparison.Ordinal)).Select(q => q.Expression).Single(),
            StringComparison.Ordinal);
    }
}

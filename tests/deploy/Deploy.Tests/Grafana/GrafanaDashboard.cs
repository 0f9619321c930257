using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Deploy.Tests.Grafana;

/// <summary>
/// deploy/grafana/dashboards/migration.json as Grafana reads it: its panels (also inside rows), and every Prometheus query
/// it runs, with where it sits: each panel target's expr, each annotation's, and each template variable's query.
/// </summary>
public sealed partial class GrafanaDashboard
{
    public static readonly string PathInRepository = Repository.PathOf("deploy", "grafana", "dashboards", "migration.json");

    private GrafanaDashboard(JsonObject json) => Json = json;

    public JsonObject Json { get; }

    public static GrafanaDashboard Load() => new(JsonNode.Parse(File.ReadAllText(PathInRepository))!.AsObject());

    /// <summary>Every panel, rows' nested panels included.</summary>
    public IEnumerable<JsonObject> Panels => Flatten(Json["panels"]!.AsArray());

    public IEnumerable<JsonObject> Variables => Json["templating"]!["list"]!.AsArray().Select(v => v!.AsObject());

    public JsonObject Variable(string name) => Variables.Single(v => (string?)v["name"] == name);

    /// <summary>Every PromQL query of the dashboard and where it is, e.g. "panel 'Requests/s by side', A".</summary>
    public IEnumerable<(string Where, string Expression)> Queries
    {
        get
        {
            foreach (var panel in Panels)
            {
                foreach (var target in panel["targets"]?.AsArray() ?? [])
                {
                    yield return ($"panel '{panel["title"]}', {target!["refId"]}", (string)target["expr"]!);
                }
            }

            foreach (var annotation in Json["annotations"]!["list"]!.AsArray().Where(a => (string?)a!["datasource"]?["type"] == "prometheus"))
            {
                yield return ($"annotation '{annotation!["name"]}'", (string?)annotation["expr"] ?? (string)annotation["target"]!["expr"]!);
            }
        }
    }

    /// <summary>What every query and every variable selects.</summary>
    public IEnumerable<(string Where, Selector Selector)> Selectors =>
        Queries.SelectMany(query => PromQl.Selectors(query.Expression).Select(selector => (query.Where, selector)))
            .Concat(Variables.Where(v => (string?)v["type"] == "query").SelectMany(v => VariableSelectors(v)));

    /// <summary>
    /// A query variable's selectors: Grafana's <c>label_values(series, label)</c> needs the label on the series;
    /// any other kind of variable query is refused, so none is skipped unread.
    /// </summary>
    private static IEnumerable<(string Where, Selector Selector)> VariableSelectors(JsonObject variable)
    {
        var query = variable["query"] is JsonObject editor ? (string)editor["query"]! : (string)variable["query"]!;
        var match = LabelValues().Match(query);
        if (!match.Success)
        {
            throw new FormatException($"Variable '{variable["name"]}': only label_values(series, label) queries are read; got {query}");
        }

        return PromQl.Selectors(match.Groups["series"].Value)
            .Select(s => ($"variable '{variable["name"]}'", s with { Labels = [.. s.Labels, match.Groups["label"].Value] }));
    }

    private static IEnumerable<JsonObject> Flatten(JsonArray panels) =>
        panels.Select(p => p!.AsObject()).SelectMany(p => p["panels"] is JsonArray nested ? [p, .. Flatten(nested)] : new[] { p });

    [GeneratedRegex(@"^\s*label_values\((?<series>.+),\s*(?<label>[a-zA-Z_][a-zA-Z0-9_]*)\s*\)\s*$")]
    private static partial Regex LabelValues();
}

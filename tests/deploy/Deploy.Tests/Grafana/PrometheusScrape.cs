namespace Deploy.Tests.Grafana;

/// <summary>
/// What Prometheus takes from scrapes of the text exposition format: every sample's metric name and the set of label
/// names each series carries (values do not matter here).
/// </summary>
public sealed class PrometheusScrape
{
    /// <summary>Per metric, the label-name sets of its series, each once (as a sorted, joined key).</summary>
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _series = new(StringComparer.Ordinal);

    public IEnumerable<string> Metrics => _series.Keys.Order(StringComparer.Ordinal);

    /// <summary>Adds the samples of one scrape (e.g. one host's /metrics).</summary>
    public void Add(string exposition)
    {
        foreach (var line in exposition.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var nameEnd = line.IndexOfAny(['{', ' ']);
            var labels = new HashSet<string>(StringComparer.Ordinal);
            if (line[nameEnd] == '{')
            {
                AddLabels(line, nameEnd + 1, labels);
            }

            var series = _series.TryGetValue(line[..nameEnd], out var known) ? known : _series[line[..nameEnd]] = new(StringComparer.Ordinal);
            series.TryAdd(string.Join(',', labels.Order(StringComparer.Ordinal)), labels);
        }
    }

    /// <summary>Whether one series of the selector's metric carries every label it requires (together, as a query needs them).</summary>
    public bool Has(Selector selector) =>
        _series.TryGetValue(selector.Metric, out var series) && series.Values.Any(labels => selector.Labels.All(labels.Contains));

    public bool HasMetric(string metric) => _series.ContainsKey(metric);

    /// <summary>label="value" pairs up to the closing '}' (values may hold escaped quotes, commas and braces).</summary>
    private static void AddLabels(string line, int at, HashSet<string> labels)
    {
        while (line[at] != '}')
        {
            var equals = line.IndexOf('=', at);
            labels.Add(line[at..equals].Trim());
            at = equals + 2; // past ="
            while (line[at] != '"')
            {
                at += line[at] == '\\' ? 2 : 1;
            }

            at++;
            at += line[at] == ',' ? 1 : 0;
        }
    }
}

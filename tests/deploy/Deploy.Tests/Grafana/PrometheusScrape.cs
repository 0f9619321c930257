namespace Deploy.Tests.Grafana;

/// <summary>
/// What Prometheus takes from scrapes of the text exposition format: every sample's metric name and the label names it
/// carries (values do not matter here).
/// </summary>
public sealed class PrometheusScrape
{
    private readonly Dictionary<string, HashSet<string>> _labels = new(StringComparer.Ordinal);

    public IEnumerable<string> Metrics => _labels.Keys.Order(StringComparer.Ordinal);

    /// <summary>Adds the samples of one scrape (e.g. one host's /metrics).</summary>
    public void Add(string exposition)
    {
        foreach (var line in exposition.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var nameEnd = line.IndexOfAny(['{', ' ']);
            var labels = _labels.TryGetValue(line[..nameEnd], out var known) ? known : _labels[line[..nameEnd]] = new(StringComparer.Ordinal);
            if (line[nameEnd] == '{')
            {
                AddLabels(line, nameEnd + 1, labels);
            }
        }
    }

    /// <summary>Whether some sample is of the selector's metric and carries every label it requires.</summary>
    public bool Has(Selector selector) => _labels.TryGetValue(selector.Metric, out var labels) && selector.Labels.All(labels.Contains);

    public bool HasMetric(string metric) => _labels.ContainsKey(metric);

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

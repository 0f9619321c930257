// Flip propagation: how long from saving migration.json until the first request is served by the new side.
// Usage: FlipProbe <proxy url> <plan file> [flips]
using System.Diagnostics;
using System.Text.Json.Nodes;

if (args.Length < 2)
{
    Console.Error.WriteLine("Usage: FlipProbe <proxy url> <plan file> [flips]");
    return 2;
}

var proxy = new Uri(args[0]);
var planPath = args[1];
var flips = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20;
using var client = new HttpClient { BaseAddress = proxy };
var samples = new List<double>();

for (var flip = 0; flip < flips; flip++)
{
    var toExtracted = flip % 2 == 0;
    var plan = JsonNode.Parse(await File.ReadAllTextAsync(planPath))!;
    plan["modules"]!["catalog"]!["stage"] = toExtracted ? "extracted" : "legacy";
    var expected = toExtracted ? "extracted" : "legacy";

    var temp = planPath + ".probe.tmp";
    await File.WriteAllTextAsync(temp, plan.ToJsonString());
    var clock = Stopwatch.StartNew();
    File.Move(temp, planPath, overwrite: true);
    while (true)
    {
        using var response = await client.GetAsync("/api/catalog/probe");
        if (response.Headers.TryGetValues("X-Migration-Served-By", out var servedBy) && servedBy.Single() == expected)
        {
            break;
        }

        if (clock.Elapsed > TimeSpan.FromSeconds(10))
        {
            Console.Error.WriteLine($"flip {flip}: not propagated after 10 s");
            return 1;
        }
    }

    samples.Add(clock.Elapsed.TotalMilliseconds);
}

samples.Sort();
double Percentile(double p) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(p * samples.Count) - 1)];
Console.WriteLine($"flip propagation over {samples.Count} flips: median {Percentile(0.5):F0} ms, p95 {Percentile(0.95):F0} ms, max {samples[^1]:F0} ms");
return 0;

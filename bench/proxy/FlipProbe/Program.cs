// Flip propagation: how long from a change of the plan until the first request is served by the new side.
// Usage: FlipProbe <proxy url> <plan file> [flips]
//          a plan file: from saving migration.json, on one proxy
//        FlipProbe --store <admin token> <management url of the first replica> <replica url> <replica url>... [--flips N]
//          the shared plan store: from sending the change to the first replica's admin API, on every replica
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

if (args.Length < 2)
{
    Console.Error.WriteLine("Usage: FlipProbe <proxy url> <plan file> [flips] | FlipProbe --store <admin token> <management url> <replica url>... [--flips N]");
    return 2;
}

var samples = new List<double>();
if (args[0] == "--store")
{
    var flipsAt = Array.IndexOf(args, "--flips");
    var storeFlips = flipsAt > 0 ? int.Parse(args[flipsAt + 1], CultureInfo.InvariantCulture) : 50;
    var replicas = args[3..(flipsAt > 0 ? flipsAt : args.Length)].Select(url => new HttpClient { BaseAddress = new Uri(url) }).ToList();
    using var admin = new HttpClient { BaseAddress = new Uri(args[2]) };
    admin.DefaultRequestHeaders.Authorization = new("Bearer", args[1]);
    for (var flip = 0; flip < storeFlips; flip++)
    {
        var expected = flip % 2 == 0 ? "extracted" : "legacy";
        var clock = Stopwatch.StartNew();
        var change = admin.PutAsJsonAsync("/migration/api/modules/catalog/stage",
            new { stage = expected, reason = "flip propagation benchmark", force = true });
        var seen = await Task.WhenAll(replicas.Select(replica => FirstServedByAsync(replica, expected, clock)));
        using var answer = await change;
        if (!answer.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"flip {flip}: the change was answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
            return 1;
        }

        if (seen.Any(ms => ms is null))
        {
            Console.Error.WriteLine($"flip {flip}: not served by every replica after 10 s");
            return 1;
        }

        samples.AddRange(seen.Select(ms => ms!.Value));
    }

    Report($"flip propagation over {storeFlips} flips through the store, on each of {replicas.Count} replicas");
    return 0;
}

var proxy = new Uri(args[0]);
var planPath = args[1];
var flips = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
using var client = new HttpClient { BaseAddress = proxy };

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
    if (await FirstServedByAsync(client, expected, clock) is not { } ms)
    {
        Console.Error.WriteLine($"flip {flip}: not propagated after 10 s");
        return 1;
    }

    samples.Add(ms);
}

Report($"flip propagation over {samples.Count} flips");
return 0;

// Milliseconds on the clock when the proxy first answers from the expected side; null after 10 s.
static async Task<double?> FirstServedByAsync(HttpClient proxy, string expected, Stopwatch clock)
{
    while (clock.Elapsed < TimeSpan.FromSeconds(10))
    {
        using var response = await proxy.GetAsync("/api/catalog/probe");
        if (response.Headers.TryGetValues("X-Migration-Served-By", out var servedBy) && servedBy.Single() == expected)
        {
            return clock.Elapsed.TotalMilliseconds;
        }
    }

    return null;
}

void Report(string what)
{
    samples.Sort();
    double Percentile(double p) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(p * samples.Count) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what}: median {Percentile(0.5):F0} ms, p95 {Percentile(0.95):F0} ms, p99 {Percentile(0.99):F0} ms, max {samples[^1]:F0} ms ({samples.Count} samples)"));
}

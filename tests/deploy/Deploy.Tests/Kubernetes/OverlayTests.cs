using System.Text.Json.Nodes;
using Plan;

namespace Deploy.Tests.Kubernetes;

/// <summary>What a cluster run of the estate relies on, checked on each overlay as rendered.</summary>
public sealed class OverlayTests(KubernetesTools tools)
{
    public static TheoryData<string> Overlays => new("overlays/local", "overlays/production");

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task EveryDeployment_HasHealthProbesResourcesAndRunsAsNonRoot(string overlay)
    {
        var objects = await tools.RenderObjectsAsync(overlay);

        foreach (var deployment in Of(objects, "Deployment"))
        {
            var pod = deployment["spec"]!["template"]!["spec"]!;
            Assert.True(pod["securityContext"]?["runAsNonRoot"]?.GetValue<bool>() == true, $"{Name(deployment)} must run as non-root");
            foreach (var container in pod["containers"]!.AsArray())
            {
                var what = $"{Name(deployment)}/{container!["name"]}";
                Assert.Equal("/health/ready", container["readinessProbe"]?["httpGet"]?["path"]?.GetValue<string>());
                if (container["name"]!.GetValue<string>() != "postgres")
                {
                    // The estate's hosts: readiness (with its details) on the management port, liveness on the traffic port.
                    Assert.Equal("management", container["readinessProbe"]?["httpGet"]?["port"]?.GetValue<string>());
                    Assert.Equal("http", container["livenessProbe"]?["httpGet"]?["port"]?.GetValue<string>());
                }

                Assert.Equal("/health/live", container["livenessProbe"]?["httpGet"]?["path"]?.GetValue<string>());
                foreach (var bound in new[] { "requests", "limits" })
                {
                    Assert.True(container["resources"]?[bound]?["cpu"] is not null && container["resources"]?[bound]?["memory"] is not null,
                        $"{what} needs cpu and memory {bound}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Proxy_TwoOrMoreReplicasEachMountingThePlanConfigMap_AndADisruptionBudget(string overlay)
    {
        var objects = await tools.RenderObjectsAsync(overlay);

        var proxy = Single(objects, "Deployment", "proxy");
        Assert.True(proxy["spec"]!["replicas"]!.GetValue<int>() >= 2);
        var pod = proxy["spec"]!["template"]!["spec"]!;
        var planVolume = pod["volumes"]!.AsArray().Single(v => v!["configMap"]?["name"]?.GetValue<string>() == "migration-plan")!;
        var mount = pod["containers"]![0]!["volumeMounts"]!.AsArray().Single(m => m!["name"]!.GetValue<string>() == planVolume["name"]!.GetValue<string>())!;
        // A subPath mount is a copy the kubelet never updates: flips would not reach the proxy.
        Assert.Null(mount["subPath"]);
        Assert.Equal("/etc/migration", mount["mountPath"]!.GetValue<string>());
        Assert.Equal("/etc/migration/migration.json", Single(objects, "ConfigMap", NameOf(objects, "ConfigMap", "estate"))["data"]!["Migration__PlanPath"]!.GetValue<string>());

        var budget = Single(objects, "PodDisruptionBudget", "proxy");
        Assert.Equal(
            proxy["spec"]!["selector"]!["matchLabels"]!.ToJsonString(), budget["spec"]!["selector"]!["matchLabels"]!.ToJsonString());
        Assert.True(budget["spec"]!["minAvailable"]!.GetValue<int>() >= 1);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task PlanConfigMap_KeepsItsNameAndHoldsAValidPlanWhoseServicesExist(string overlay)
    {
        var objects = await tools.RenderObjectsAsync(overlay);

        // Without a hash suffix an edit updates the mounted file in place instead of rolling every pod.
        var planMap = Single(objects, "ConfigMap", "migration-plan");
        var parsed = new PlanParser().Parse(planMap["data"]!["migration.json"]!.GetValue<string>(), $"{overlay}/migration.json");
        Assert.True(parsed.Plan is not null, string.Join("\n", parsed.Errors.Select(e => e.ToString())));

        var services = Of(objects, "Service").Select(Name).ToHashSet();
        Assert.Contains(parsed.Plan.Legacy.Service, services);
        foreach (var module in parsed.Plan.Modules.Values.Where(m => m.Stage > Stage.Legacy))
        {
            Assert.True(services.Contains(module.Service), $"The plan moves {module.Name} past legacy, but no Service '{module.Service}' is deployed.");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task ServiceDiscovery_EveryNamedServiceIsAKubernetesServiceInFrontOfPods(string overlay)
    {
        var objects = await tools.RenderObjectsAsync(overlay);
        var estate = Single(objects, "ConfigMap", NameOf(objects, "ConfigMap", "estate"))["data"]!.AsObject();
        var endpoints = estate.Where(e => e.Key.StartsWith("services__", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(endpoints);

        foreach (var (key, value) in endpoints)
        {
            var name = key.Split("__")[1];
            Assert.Equal($"http://{name}", value!.GetValue<string>());
            var service = Single(objects, "Service", name);
            var selector = service["spec"]!["selector"]!.AsObject();
            var backing = Of(objects, "Deployment").Where(d => selector.All(label =>
                d["spec"]!["template"]!["metadata"]!["labels"]![label.Key]?.GetValue<string>() == label.Value!.GetValue<string>())).ToList();
            Assert.True(backing.Count == 1, $"Service {name} selects {backing.Count} Deployments.");
            var targetPort = service["spec"]!["ports"]![0]!["targetPort"]!.GetValue<string>();
            Assert.Contains(backing[0]["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]!.AsArray(),
                port => port!["name"]?.GetValue<string>() == targetPort);
        }

        foreach (var module in new[] { "catalog-service", "inventory-service" })
        {
            Assert.True(Single(objects, "Deployment", module)["spec"]!["replicas"]!.GetValue<int>() >= 2, $"{module} needs two replicas or more");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Secrets_ConnectionStringsKeysAndTokensComeFromSecrets(string overlay)
    {
        var objects = await tools.RenderObjectsAsync(overlay);

        var sensitive = Of(objects, "Deployment")
            .SelectMany(d => d["spec"]!["template"]!["spec"]!["containers"]!.AsArray())
            .SelectMany(c => c!["env"]?.AsArray() ?? [])
            .Where(e => e!["name"]!.GetValue<string>() is var name
                && (name.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || name.EndsWith("Token", StringComparison.Ordinal)
                    || name == "Estate__ServiceKey" || name == "POSTGRES_PASSWORD"))
            .ToList();

        Assert.NotEmpty(sensitive);
        Assert.All(sensitive, e => Assert.True(e!["valueFrom"]?["secretKeyRef"] is not null && e["value"] is null,
            $"{e!["name"]} must come from a Secret"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task NetworkPolicies_OnlyTheProxyTakesTrafficFromOutsideAndTheBackendsOnlyFromTheEstate(string overlay)
    {
        var objects = await tools.RenderObjectsAsync(overlay);
        var policies = Of(objects, "NetworkPolicy").ToList();
        // Every workload: the estate's Deployments, and a database server the overlay runs in the cluster.
        var pods = Of(objects, "Deployment").Concat(Of(objects, "StatefulSet"))
            .ToDictionary(Name, d => d["spec"]!["template"]!["metadata"]!["labels"]!.AsObject());

        foreach (var (name, labels) in pods)
        {
            var governing = policies.Where(p => Selects(p["spec"]!["podSelector"]!.AsObject(), labels)).ToList();
            Assert.True(governing.Count > 0, $"{name}: no NetworkPolicy selects it, so it takes traffic from anywhere");
            var rules = governing.SelectMany(p => p["spec"]!["ingress"]?.AsArray() ?? []).Select(r => r!.AsObject()).ToList();
            var open = rules.Any(r => r["from"] is null);
            Assert.True(open == (name == "proxy"), $"{name}: {(open ? "open to anyone" : "closed to outside")}");
            var admitted = rules.Where(r => r["from"] is not null).SelectMany(r => r["from"]!.AsArray())
                .SelectMany(peer => pods.Where(p => Selects(peer!["podSelector"]!.AsObject(), p.Value)).Select(p => p.Key)).ToHashSet();
            if (name != "proxy")
            {
                Assert.Contains("proxy", admitted);
                Assert.All(rules.Where(r => r["from"] is not null).SelectMany(r => r["from"]!.AsArray()),
                    peer => Assert.True(peer!["podSelector"] is not null && peer["namespaceSelector"] is null && peer["ipBlock"] is null, $"{name}: admits only pods of the estate"));
            }
        }
    }

    /// <summary>Whether a label selector (matchLabels, matchExpressions with In) selects pods with these labels.</summary>
    private static bool Selects(JsonObject selector, JsonObject labels) =>
        (selector["matchLabels"]?.AsObject() ?? []).All(l => labels[l.Key]?.GetValue<string>() == l.Value!.GetValue<string>())
        && (selector["matchExpressions"]?.AsArray() ?? []).All(e => e!["operator"]!.GetValue<string>() == "In"
            && labels[e["key"]!.GetValue<string>()]?.GetValue<string>() is { } value
            && e["values"]!.AsArray().Any(v => v!.GetValue<string>() == value));

    private static IEnumerable<JsonObject> Of(IReadOnlyList<JsonObject> objects, string kind) =>
        objects.Where(o => o["kind"]!.GetValue<string>() == kind);

    private static string Name(JsonObject o) => o["metadata"]!["name"]!.GetValue<string>();

    private static JsonObject Single(IReadOnlyList<JsonObject> objects, string kind, string name) =>
        Of(objects, kind).SingleOrDefault(o => Name(o) == name) ?? throw new Xunit.Sdk.XunitException($"No {kind} named {name}.");

    /// <summary>The generated name (with kustomize's hash suffix) of a generated object.</summary>
    private static string NameOf(IReadOnlyList<JsonObject> objects, string kind, string prefix) =>
        Of(objects, kind).Select(Name).Single(n => n == prefix || n.StartsWith(prefix + "-", StringComparison.Ordinal));
}

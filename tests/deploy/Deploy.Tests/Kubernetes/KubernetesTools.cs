using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Deploy.Tests.Infrastructure;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

// One instance per run: both test classes need the validator, and two `npm ci` in one folder at once
// collide (ENOTEMPTY).
[assembly: AssemblyFixture(typeof(Deploy.Tests.Kubernetes.KubernetesTools))]

namespace Deploy.Tests.Kubernetes;

/// <summary>
/// kubectl's kustomize to render the manifests and deploy/kubernetes/validate (node, kubernetes-models)
/// to check them against the Kubernetes schemas, both offline. Tests skip, saying why, without them.
/// An assembly fixture, so the validator's packages are installed and each kustomization rendered once per run.
/// </summary>
public sealed class KubernetesTools : IAsyncLifetime
{
    private static readonly string ValidatorFolder = Repository.PathOf("deploy", "kubernetes", "validate");

    private readonly ConcurrentDictionary<string, Task<string>> _rendered = new(StringComparer.Ordinal);
    private string? _kubectl;
    private string? _node;
    private string? _validatorUnavailable;

    public async ValueTask InitializeAsync()
    {
        _kubectl = Tool.Find("kubectl");
        _node = Tool.Find("node");
        if (_node is null)
        {
            _validatorUnavailable = "node is not installed, so the manifests cannot be checked against the Kubernetes schemas (apt-get install nodejs npm).";
            return;
        }

        if (!Directory.Exists(Path.Combine(ValidatorFolder, "node_modules", "kubernetes-models")))
        {
            var npm = Tool.Find("npm");
            var install = npm is null ? null : await Tool.RunAsync(npm, ["ci", "--no-audit", "--no-fund"], ValidatorFolder, timeout: TimeSpan.FromMinutes(3));
            if (install is not { ExitCode: 0 })
            {
                _validatorUnavailable = $"The validator's packages could not be installed (npm ci in {ValidatorFolder}): {install?.Error.Trim() ?? "npm is not installed"}";
            }
        }
    }

    /// <summary>The kustomization under deploy/kubernetes rendered as kubectl apply -k would send it; rendered once per run.</summary>
    public Task<string> RenderAsync(string kustomization)
    {
        Assert.SkipWhen(_kubectl is null, "kubectl is not installed, so the kustomizations cannot be rendered.");
        return _rendered.GetOrAdd(kustomization, async name =>
        {
            var rendered = await Tool.RunAsync(_kubectl!, ["kustomize", Repository.PathOf("deploy", "kubernetes", name)]);
            Assert.True(rendered.ExitCode == 0, rendered.Describe($"kubectl kustomize {name}"));
            return rendered.Output;
        });
    }

    public async Task<IReadOnlyList<JsonObject>> RenderObjectsAsync(string kustomization) => Parse(await RenderAsync(kustomization));

    /// <summary>Runs the schema validator on rendered manifests.</summary>
    public async Task<Tool.Result> ValidateAsync(string manifests)
    {
        Assert.SkipWhen(_validatorUnavailable is not null, _validatorUnavailable ?? "");
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, manifests);
            return await Tool.RunAsync(_node!, [Path.Combine(ValidatorFolder, "validate.mjs"), file], ValidatorFolder);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Multi-document YAML as JSON objects, numbers and booleans typed as YAML 1.2 reads them.</summary>
    public static IReadOnlyList<JsonObject> Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build();
        var json = new SerializerBuilder().JsonCompatible().Build();
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        var objects = new List<JsonObject>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (deserializer.Deserialize(parser) is { } document)
            {
                objects.Add(JsonNode.Parse(json.Serialize(document))!.AsObject());
            }
        }

        return objects;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

using System.Reflection;

namespace Architecture.Tests;

/// <summary>Arrows point one way: the monolith takes in the toolkit's change capture, never the DataSync worker or its job storage.</summary>
public sealed class DependencyDirectionTests
{
    [Fact]
    public void Monolith_ReferencesChangeCapture_NeverTheDataSyncWorkerNorHangfire()
    {
        var reached = Reached(Assembly.Load("Shop.Host"));

        Assert.Contains("DataSync.Capture", reached);
        Assert.DoesNotContain("DataSync", reached);
        Assert.DoesNotContain(reached, name => name.StartsWith("Hangfire", StringComparison.Ordinal));
    }

    /// <summary>Every assembly of the build output an assembly references, directly or through others.</summary>
    private static HashSet<string> Reached(Assembly root)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var next = new Queue<Assembly>([root]);
        while (next.TryDequeue(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                // Only the build output's own assemblies: the framework's are not the estate's arrows.
                if (reference.Name is { } name && File.Exists(Path.Combine(AppContext.BaseDirectory, name + ".dll")) && reached.Add(name))
                {
                    next.Enqueue(Assembly.Load(reference));
                }
            }
        }

        return reached;
    }
}

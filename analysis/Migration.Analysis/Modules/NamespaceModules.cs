using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Plan;

namespace Migration.Analysis.Modules;

/// <summary>
/// Modules for code that has no plan: one per namespace prefix of a given depth ("System.Text" at depth 2),
/// found by listing the namespaces the assemblies define.
/// </summary>
public static class NamespaceModules
{
    public static ModuleMap Discover(IReadOnlyList<string> files, int depth)
    {
        if (depth < 1)
        {
            throw new AnalysisException($"The namespace depth must be 1 or more; got {depth}.");
        }

        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        var gate = new Lock();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, file =>
        {
            var local = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                using var stream = File.OpenRead(file);
                using var pe = new PEReader(stream);
                if (!pe.HasMetadata)
                {
                    return; // Reported by the scan that follows.
                }

                var reader = pe.GetMetadataReader();
                // Types of one namespace share its name in the string heap: each is read once, not per type.
                var seen = new HashSet<StringHandle>();
                foreach (var handle in reader.TypeDefinitions)
                {
                    var type = reader.GetTypeDefinition(handle);
                    var nested = (type.Attributes & TypeAttributes.VisibilityMask) > TypeAttributes.Public;
                    if (!type.Namespace.IsNil && !nested && seen.Add(type.Namespace))
                    {
                        local.Add(Prefix(reader.GetString(type.Namespace), depth));
                    }
                }
            }
            catch (BadImageFormatException)
            {
                return; // Reported by the scan that follows.
            }

            lock (gate)
            {
                prefixes.UnionWith(local);
            }
        });

        return new ModuleMap([.. prefixes.Order(StringComparer.Ordinal).Select(prefix => new ModuleDefinition(
            prefix,
            [new ModulePattern(ModulePatternKind.Namespace, prefix)],
            [],
            Stage.Legacy,
            TablesPlan.None,
            prefix))]);
    }

    private static string Prefix(string ns, int depth)
    {
        var end = -1;
        for (var i = 0; i < depth; i++)
        {
            end = ns.IndexOf('.', end + 1);
            if (end < 0)
            {
                return ns;
            }
        }

        return ns[..end];
    }
}

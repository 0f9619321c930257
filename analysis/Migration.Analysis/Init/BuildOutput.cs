using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;

namespace Migration.Analysis.Init;

/// <summary>
/// What a build output says about the application in it: the entry assembly (the one with a
/// runtimeconfig.json), the application's own assemblies (the "project" libraries of its deps.json), and
/// the namespaces each of those defines.
/// </summary>
public sealed record BuildOutput(string Folder, string? EntryAssembly, IReadOnlyList<string> Files, IReadOnlyList<ApplicationAssembly> Application)
{
    /// <exception cref="AnalysisException">The folder does not exist or holds no assemblies.</exception>
    public static BuildOutput Read(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new AnalysisException($"{folder}: no such folder; give the build output of the application (for example bin/Debug/net10.0 of its host).");
        }

        var files = Reading.AssemblySet.Collect([folder]);
        var entry = Directory.EnumerateFiles(folder, "*.runtimeconfig.json")
            .Select(f => Path.GetFileName(f)[..^".runtimeconfig.json".Length])
            .Where(name => File.Exists(Path.Combine(folder, name + ".dll")))
            .Order(StringComparer.Ordinal)
            .ToList();
        var host = entry.Count switch
        {
            0 => null,
            1 => entry[0],
            // Several entry points (a tool beside the app): the one whose deps.json lists the most projects.
            _ => entry.OrderByDescending(name => ProjectLibraries(Path.Combine(folder, name + ".deps.json")).Count).ThenBy(n => n, StringComparer.Ordinal).First(),
        };

        var projects = host is null ? [] : ProjectLibraries(Path.Combine(folder, host + ".deps.json"));
        var application = files
            .Select(file => (file, name: Path.GetFileNameWithoutExtension(file)))
            .Where(f => projects.Count > 0 ? projects.Contains(f.name) : SharesFirstSegment(f.name, host))
            .Select(f => Describe(f.file))
            .OfType<ApplicationAssembly>()
            .OrderBy(a => a.Name, StringComparer.Ordinal)
            .ToList();
        return new BuildOutput(Path.GetFullPath(folder), host, files, application);
    }

    /// <summary>The names of the libraries of type "project" in a deps.json: the application's own code.</summary>
    private static HashSet<string> ProjectLibraries(string depsJson)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(depsJson))
        {
            return names;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(depsJson));
        if (document.RootElement.TryGetProperty("libraries", out var libraries))
        {
            foreach (var library in libraries.EnumerateObject())
            {
                if (library.Value.TryGetProperty("type", out var type) && type.GetString() == "project")
                {
                    names.Add(library.Name.Split('/')[0]);
                }
            }
        }

        return names;
    }

    private static bool SharesFirstSegment(string name, string? host) =>
        host is not null && string.Equals(name.Split('.')[0], host.Split('.')[0], StringComparison.OrdinalIgnoreCase);

    private static ApplicationAssembly? Describe(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return null;
            }

            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly)
            {
                return null;
            }

            var namespaces = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var handle in reader.TypeDefinitions)
            {
                var type = reader.GetTypeDefinition(handle);
                if (type.GetDeclaringType().IsNil && !reader.GetString(type.Name).StartsWith('<'))
                {
                    namespaces.Add(reader.GetString(type.Namespace));
                }
            }

            var references = reader.AssemblyReferences.Select(r => reader.GetString(reader.GetAssemblyReference(r).Name)).ToList();
            return new ApplicationAssembly(reader.GetString(reader.GetAssemblyDefinition().Name), file, [.. namespaces], references);
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }
}

/// <summary>One of the application's own assemblies: the namespaces it defines and the assemblies it references.</summary>
public sealed record ApplicationAssembly(string Name, string Path, IReadOnlyList<string> Namespaces, IReadOnlyList<string> References);

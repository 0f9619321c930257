using System.Reflection;
using System.Runtime.Loader;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Migration.Analysis.Modules;
using Plan;

namespace Migration.Analysis.Data;

/// <summary>
/// Reads which tables each DbContext of an assembly maps, from its EF Core model, the way `dotnet ef`
/// does: the assembly is loaded into an isolated, collectible context, each DbContext is created through
/// its design-time factory (or, failing that, with SQL Server options that never connect), and the
/// design-time model is read. EF Core itself is shared with this process so its model can be read typed.
/// A module's DbContext uses every table it maps, whoever's entity maps it. A DbContext of the host or of
/// a shared module (one DbContext for the whole monolith) maps each module's tables for the module of the
/// entity; an entity of no extractable module counts for the DbContext's own module.
/// </summary>
internal static class DbContextModelReader
{
    /// <param name="moduleOf">The module a type belongs to, by its assembly and namespace; null for none.</param>
    public static IReadOnlyList<TableUse> Read(string assemblyPath, Func<string, string, ModuleDefinition?> moduleOf, List<string> warnings)
    {
        var module = "";
        var context = new IsolatedLoadContext(assemblyPath);
        try
        {
            var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
            var types = LoadableTypes(assembly);
            var uses = new List<TableUse>();
            foreach (var contextType in types.Where(t => typeof(DbContext).IsAssignableFrom(t) && !t.IsAbstract && !t.ContainsGenericParameters))
            {
                if (ModuleOf(contextType, moduleOf) is not { Name: var contextModule } owner)
                {
                    continue;
                }

                module = contextModule;
                try
                {
                    using var db = Create(contextType, types);
                    var model = db.GetService<IDesignTimeModel>().Model;
                    foreach (var entity in model.GetEntityTypes())
                    {
                        var table = entity.GetTableName() ?? entity.GetViewName();
                        if (table is not null)
                        {
                            var schema = entity.GetSchema() ?? entity.GetViewSchema() ?? "";
                            var user = owner.Role != ModuleRole.Module && ModuleOf(entity.ClrType, moduleOf) is { Role: ModuleRole.Module } entityModule
                                ? entityModule.Name
                                : contextModule;
                            uses.Add(new TableUse(user, new TableName(schema, table), TableUseKind.Mapped, $"{contextType.Name}: {entity.ClrType.FullName ?? entity.Name}"));
                        }
                    }
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    warnings.Add($"Tables of {contextType.FullName} ({module}) not read: {FirstLine(Innermost(ex).Message)} Analyse the full build output, with its dependencies, to read them.");
                }
            }

            return uses;
        }
        catch (Exception ex) when (ex is FileLoadException or BadImageFormatException or FileNotFoundException)
        {
            warnings.Add($"Tables of {Path.GetFileName(assemblyPath)}{(module.Length > 0 ? $" ({module})" : "")} not read: {FirstLine(ex.Message)}");
            return [];
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>The module of a type, or of the type that declares it (nested entities).</summary>
    private static ModuleDefinition? ModuleOf(Type type, Func<string, string, ModuleDefinition?> moduleOf)
    {
        while (type.DeclaringType is { } declaring)
        {
            type = declaring;
        }

        return type.Assembly.GetName().Name is { } assembly ? moduleOf(assembly, type.Namespace ?? "") : null;
    }

    private static DbContext Create(Type contextType, IReadOnlyList<Type> types)
    {
        var factoryInterface = typeof(IDesignTimeDbContextFactory<>).MakeGenericType(contextType);
        if (types.FirstOrDefault(t => !t.IsAbstract && factoryInterface.IsAssignableFrom(t)) is { } factoryType)
        {
            var factory = Activator.CreateInstance(factoryType, nonPublic: true)!;
            return (DbContext)factoryInterface.GetMethod(nameof(IDesignTimeDbContextFactory<>.CreateDbContext))!.Invoke(factory, [Array.Empty<string>()])!;
        }

        var constructors = contextType.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
        var optionsType = typeof(DbContextOptions<>).MakeGenericType(contextType);
        if (constructors.FirstOrDefault(c => c.GetParameters() is [{ } p] && p.ParameterType.IsAssignableFrom(optionsType)) is { } withOptions)
        {
            var builder = (DbContextOptionsBuilder)Activator.CreateInstance(typeof(DbContextOptionsBuilder<>).MakeGenericType(contextType))!;
            // Building the model never opens this connection.
            builder.UseSqlServer("Server=model-only;Database=model-only");
            return (DbContext)withOptions.Invoke([builder.Options]);
        }

        if (constructors.FirstOrDefault(c => c.GetParameters().Length == 0) is { } parameterless)
        {
            return (DbContext)parameterless.Invoke([]);
        }

        throw new InvalidOperationException("no design-time factory and no constructor taking DbContextOptions");
    }

    private static IReadOnlyList<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return [.. ex.Types.OfType<Type>()];
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private static Exception Innermost(Exception ex) => ex.InnerException is { } inner ? Innermost(inner) : ex;

    /// <summary>Loads the analysed code and its dependencies from its folder; EF Core and its companions come from this process.</summary>
    private sealed class IsolatedLoadContext(string assemblyPath) : AssemblyLoadContext(isCollectible: true)
    {
        private readonly AssemblyDependencyResolver _resolver = new(Path.GetFullPath(assemblyPath));
        private readonly string _folder = Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!;

        protected override Assembly? Load(AssemblyName name)
        {
            if (IsShared(name.Name))
            {
                try
                {
                    return Default.LoadFromAssemblyName(name);
                }
                catch (FileNotFoundException)
                {
                    // Not part of this process: load the analysed code's own copy below.
                }
                catch (FileLoadException)
                {
                }
            }

            var path = _resolver.ResolveAssemblyToPath(name) ?? Path.Combine(_folder, name.Name + ".dll");
            if (File.Exists(path))
            {
                return LoadFromAssemblyPath(path);
            }

            // The base library must stay one copy for the whole process: the default context resolves it.
            if (IsInDefaultContext(name))
            {
                return null;
            }

            // A web app's output folder holds its packages, not the shared frameworks (ASP.NET Core) it runs on.
            return SharedFrameworks.Value.Select(folder => Path.Combine(folder, name.Name + ".dll")).FirstOrDefault(File.Exists) is { } shared
                ? LoadFromAssemblyPath(shared)
                : null;
        }

        private static bool IsInDefaultContext(AssemblyName name)
        {
            try
            {
                Default.LoadFromAssemblyName(name);
                return true;
            }
            catch (Exception ex) when (ex is FileNotFoundException or FileLoadException)
            {
                return false;
            }
        }

        /// <summary>The installed shared frameworks (ASP.NET Core, ...) of this runtime's major version, newest first.</summary>
        private static readonly Lazy<IReadOnlyList<string>> SharedFrameworks = new(() =>
        {
            var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;   // <root>/shared/Microsoft.NETCore.App/<version>
            var shared = Path.GetDirectoryName(Path.GetDirectoryName(runtime));
            if (shared is null || !Directory.Exists(shared))
            {
                return [];
            }

            return [.. Directory.EnumerateDirectories(shared)
                .SelectMany(framework => Directory.EnumerateDirectories(framework)
                    .Where(version => Version.TryParse(Path.GetFileName(version).Split('-')[0], out var v) && v.Major == Environment.Version.Major)
                    .OrderByDescending(version => Version.Parse(Path.GetFileName(version).Split('-')[0]))
                    .Take(1))];
        });

        private static bool IsShared(string? name) =>
            name is not null && (name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
                || name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
                || name.StartsWith("Microsoft.Data.SqlClient", StringComparison.Ordinal));
    }
}

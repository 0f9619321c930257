using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Shop.BuildingBlocks.Persistence;

/// <summary>
/// EF Core takes every migration of a context in its assembly, whatever provider it was made for. A module
/// keeps one set per provider, each in its own folder and namespace (<c>Migrations/SqlServer</c>,
/// <c>Migrations/PostgreSql</c>): this keeps to the set of the provider in use, for applying migrations and
/// for `dotnet ef migrations add` alike (its snapshot is the one the next migration is diffed against).
/// </summary>
public sealed class ProviderMigrationsAssembly(
    ICurrentDbContext current, IDbContextOptions options, IDatabaseProvider provider, IMigrationsIdGenerator ids) : IMigrationsAssembly
{
    private readonly Lazy<SortedDictionary<string, TypeInfo>> _migrations = new(() => Find(current, options, provider));
    private readonly Lazy<ModelSnapshot?> _snapshot = new(() => FindSnapshot(current, options, provider));

    /// <summary>The folder (and last namespace segment) of a provider's migrations.</summary>
    public static string FolderOf(string providerName) => providerName switch
    {
        "Microsoft.EntityFrameworkCore.SqlServer" => nameof(DatabaseProvider.SqlServer),
        "Npgsql.EntityFrameworkCore.PostgreSQL" => nameof(DatabaseProvider.PostgreSql),
        _ => throw new NotSupportedException($"No migrations are kept for the provider {providerName}; its schema is created from the model."),
    };

    public IReadOnlyDictionary<string, TypeInfo> Migrations => _migrations.Value;

    public ModelSnapshot? ModelSnapshot => _snapshot.Value;

    public Assembly Assembly => AssemblyOf(current, options);

    public string? FindMigrationId(string nameOrId) => Migrations.Keys.FirstOrDefault(ids.IsValidId(nameOrId)
        ? id => string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase)
        : id => string.Equals(ids.GetName(id), nameOrId, StringComparison.OrdinalIgnoreCase));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }

    private static Assembly AssemblyOf(ICurrentDbContext current, IDbContextOptions options) =>
        RelationalOptionsExtension.Extract(options).MigrationsAssembly is { } name
            ? Assembly.Load(new AssemblyName(name))
            : current.Context.GetType().Assembly;

    /// <summary>The context's types of one kind (migrations, snapshots) in the provider's folder.</summary>
    private static IEnumerable<TypeInfo> OfContext<TBase>(ICurrentDbContext current, IDbContextOptions options, IDatabaseProvider provider)
    {
        var suffix = ".Migrations." + FolderOf(provider.Name);
        var context = current.Context.GetType();
        return AssemblyOf(current, options).DefinedTypes.Where(t => t.IsSubclassOf(typeof(TBase)) && !t.IsAbstract
            && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == context
            && t.Namespace?.EndsWith(suffix, StringComparison.Ordinal) == true);
    }

    private static SortedDictionary<string, TypeInfo> Find(ICurrentDbContext current, IDbContextOptions options, IDatabaseProvider provider)
    {
        var migrations = new SortedDictionary<string, TypeInfo>(StringComparer.Ordinal);
        foreach (var type in OfContext<Migration>(current, options, provider))
        {
            if (type.GetCustomAttribute<MigrationAttribute>() is { } attribute)
            {
                migrations.Add(attribute.Id, type);
            }
        }

        return migrations;
    }

    private static ModelSnapshot? FindSnapshot(ICurrentDbContext current, IDbContextOptions options, IDatabaseProvider provider) =>
        OfContext<ModelSnapshot>(current, options, provider).SingleOrDefault() is { } type ? (ModelSnapshot)Activator.CreateInstance(type.AsType())! : null;
}

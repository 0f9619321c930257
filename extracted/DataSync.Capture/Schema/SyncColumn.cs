using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataSync.Schema;

/// <summary>
/// One column as one side's provider stores it: reading and writing go through the EF Core type mapping
/// (and value converter) of that side, so a Guid kept as TEXT on SQLite arrives as uuid on PostgreSQL.
/// </summary>
public sealed class SyncColumn
{
    private static readonly ConcurrentDictionary<Type, Func<DbDataReader, int, object>> Readers = new();

    private readonly Func<DbDataReader, int, object> _read;

    public SyncColumn(string name, Type clrType, RelationalTypeMapping mapping, bool isKey)
    {
        Name = name;
        ClrType = Nullable.GetUnderlyingType(clrType) ?? clrType;
        Mapping = mapping;
        IsKey = isKey;
        var stored = mapping.Converter?.ProviderClrType ?? ClrType;
        _read = Readers.GetOrAdd(Nullable.GetUnderlyingType(stored) ?? stored, type =>
            typeof(SyncColumn).GetMethod(nameof(ReadAs), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(type).CreateDelegate<Func<DbDataReader, int, object>>());
    }

    public string Name { get; }

    /// <summary>The model's type for the column's values, the same on both sides.</summary>
    public Type ClrType { get; }

    public RelationalTypeMapping Mapping { get; }

    public bool IsKey { get; }

    /// <summary>The column's value as the model's CLR type, or null.</summary>
    public object? Read(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        var stored = _read(reader, ordinal);
        return Mapping.Converter is { } converter ? converter.ConvertFromProvider(stored) : stored;
    }

    /// <summary>A model value as this side's provider stores it (after the value converter, if any).</summary>
    public object? ToProvider(object? value) => value is null ? null : Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;

    /// <summary>A parameter carrying a model value the way this side's provider stores it.</summary>
    public DbParameter Parameter(DbCommand command, string name, object? value) =>
        Mapping.CreateParameter(command, name, value, nullable: true);

    private static object ReadAs<T>(DbDataReader reader, int ordinal) => reader.GetFieldValue<T>(ordinal)!;
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Shop.BuildingBlocks.Persistence;

/// <summary>
/// SQLite has neither schemas nor a decimal type. Schemas become table prefixes ("catalog_products"),
/// so modules still cannot collide in one file; decimals are stored as REAL so that filtering and
/// ordering by price run in the database instead of failing.
/// </summary>
internal static class SqliteModelConventions
{
    public static void Apply(ModelBuilder modelBuilder)
    {
        var model = modelBuilder.Model;
        var tables = model.GetEntityTypes()
            .Where(entity => entity.GetTableName() is not null && entity.FindOwnership() is null)
            .Select(entity => (Entity: entity, Schema: entity.GetSchema(), Table: entity.GetTableName()!))
            .ToList();

        model.SetDefaultSchema(null);
        foreach (var (entity, schema, table) in tables)
        {
            entity.SetSchema(null);
            entity.SetTableName(string.IsNullOrEmpty(schema) ? table : $"{schema}_{table}");
        }

        foreach (var property in model.GetEntityTypes().SelectMany(entity => entity.GetProperties()))
        {
            if (property.ClrType == typeof(decimal) || property.ClrType == typeof(decimal?))
            {
                property.SetProviderClrType(typeof(double));
            }
        }
    }
}

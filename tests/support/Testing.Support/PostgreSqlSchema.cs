using Npgsql;

namespace Testing.Support;

/// <summary>
/// What PostgreSQL holds for one schema, as sorted lines: every column (type, length, precision, nullability,
/// default, identity), every constraint (primary and foreign keys, unique, check) by its definition, and every
/// index by its definition. Two schemas built differently (migrations, creation from the model) compare equal
/// only if a client could not tell them apart.
/// </summary>
public static class PostgreSqlSchema
{
    public static async Task<IReadOnlyList<string>> DescribeAsync(string connectionString, string schema, params string[] ignoreTables)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var lines = new List<string>();
        await AddAsync(
            """
            SELECT table_name, 'column ' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
                || coalesce(' precision ' || numeric_precision || ',' || numeric_scale, '') || ' nullable ' || is_nullable
                || coalesce(' default ' || column_default, '') || ' identity ' || is_identity || coalesce(' ' || identity_generation, '')
            FROM information_schema.columns WHERE table_schema = @schema
            """);
        await AddAsync(
            """
            SELECT rel.relname, 'constraint ' || con.conname || ' ' || pg_get_constraintdef(con.oid)
            FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace
            WHERE ns.nspname = @schema
            """);
        await AddAsync("SELECT tablename, 'index ' || indexdef FROM pg_indexes WHERE schemaname = @schema");
        lines.Sort(StringComparer.Ordinal);
        return lines;

        async Task AddAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("schema", schema);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (!ignoreTables.Contains(reader.GetString(0), StringComparer.Ordinal))
                {
                    lines.Add($"{reader.GetString(0)}: {reader.GetString(1)}");
                }
            }
        }
    }
}

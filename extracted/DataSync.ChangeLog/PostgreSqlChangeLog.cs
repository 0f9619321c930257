namespace DataSync.ChangeLog;

public sealed class PostgreSqlChangeLog : ChangeLogSql
{
    public override string Database => "PostgreSQL";

    public override string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    public override string CreateChanges => Concurrently(
        $"CREATE TABLE IF NOT EXISTS {Quote(ChangesTable)} (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, sync_name text NOT NULL, " +
        "entity text NOT NULL, row_key text NOT NULL, deleted boolean NOT NULL, recorded_at timestamptz NOT NULL)");

    /// <summary>
    /// CREATE TABLE IF NOT EXISTS run by two sessions at once fails in one of them once the other commits (on the
    /// catalog's unique index, or as the table's row type that already exists); the table is there then, so that
    /// failure is caught, inside a block that rolls back only itself and not a transaction around it.
    /// </summary>
    public static string Concurrently(string createTable) =>
        $"DO $datasync$ BEGIN {createTable}; EXCEPTION WHEN unique_violation OR duplicate_table OR duplicate_object THEN NULL; END $datasync$";

    public override string? ListKeyedTables =>
        "SELECT k.table_schema, k.table_name, k.column_name, c.data_type IN ('smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision') " +
        "FROM information_schema.table_constraints t " +
        "JOIN information_schema.key_column_usage k ON k.constraint_schema = t.constraint_schema AND k.constraint_name = t.constraint_name " +
        "AND k.table_name = t.table_name " +
        "JOIN information_schema.columns c ON c.table_schema = k.table_schema AND c.table_name = k.table_name AND c.column_name = k.column_name " +
        "WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_schema NOT IN ('pg_catalog', 'information_schema') " +
        "ORDER BY k.table_schema, k.table_name, k.ordinal_position";

    /// <summary>
    /// One function and three statement-level triggers with transition tables: a set-based statement logs
    /// its rows in one INSERT. An update logs the keys before and after (a key that changed is deleted).
    /// </summary>
    public override IEnumerable<string> CaptureTriggers(string syncName, CaptureTable table)
    {
        var target = table.Schema is null ? Quote(table.Name) : $"{Quote(table.Schema)}.{Quote(table.Name)}";
        var function = (table.Schema is null ? "" : Quote(table.Schema) + ".") + Quote($"datasync_capture_{table.Name}");
        string Log(string rows, string deleted) =>
            $"INSERT INTO {Quote(ChangesTable)} (sync_name, entity, row_key, deleted, recorded_at) " +
            $"SELECT {Literal(syncName)}, {Literal(table.DisplayName)}, jsonb_build_array({string.Join(", ", table.Keys.Select(k => $"r.{Quote(k.Name)}"))})::text, " +
            $"{deleted}, now() FROM {rows} r;";
        yield return CreateChanges;
        yield return
            $"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $datasync$ BEGIN " +
            $"IF coalesce(current_setting('{ApplyingMarker}', true), '') = 'on' THEN RETURN NULL; END IF; " +
            $"IF TG_OP = 'DELETE' THEN {Log("changed", "true")} ELSE {Log("changed", "false")} END IF; " +
            $"IF TG_OP = 'UPDATE' THEN {Log("gone", "false")} END IF; " +
            "RETURN NULL; END $datasync$";
        foreach (var (verb, referencing) in new[] { ("INSERT", "NEW TABLE AS changed"), ("UPDATE", "OLD TABLE AS gone NEW TABLE AS changed"), ("DELETE", "OLD TABLE AS changed") })
        {
            var trigger = Quote($"datasync_capture_{verb.ToLowerInvariant()}");
            yield return $"DROP TRIGGER IF EXISTS {trigger} ON {target}";
            yield return $"CREATE TRIGGER {trigger} AFTER {verb} ON {target} REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}()";
        }
    }
}

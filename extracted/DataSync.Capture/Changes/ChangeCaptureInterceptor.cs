using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DataSync.Dialects;
using DataSync.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataSync.Changes;

/// <summary>
/// Records, in the same transaction as the change, which rows of a module's synced tables a SaveChanges
/// inserted, updated or deleted, and which rows an <c>ExecuteUpdate</c> or <c>ExecuteDelete</c> changed
/// (on SQLite and PostgreSQL, by adding RETURNING to the statement): one row per changed row in
/// <c>datasync_changes</c>, numbered in order. The change applier reads that log and copies the rows'
/// current state to the other side.
/// </summary>
public sealed class ChangeCaptureInterceptor(string syncName) : SaveChangesInterceptor, IDbConnectionInterceptor, IDbCommandInterceptor
{
    private static readonly ConcurrentDictionary<string, bool> PreparedDatabases = new();

    /// <summary>The synced tables per model (one per context type and provider), read once.</summary>
    private static readonly ConditionalWeakTable<Microsoft.EntityFrameworkCore.Metadata.IModel, Dictionary<string, SyncTable>> Tables = [];

    private readonly ConditionalWeakTable<DbContext, Capture> _captures = [];

    /// <summary>
    /// Creates the log when missing as soon as a connection opens, before any transaction of the application's
    /// begins on it: created inside one, the table would stay invisible to every other writer until it commits.
    /// </summary>
    public async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        // Only the context's own connection: EF Core also opens others for it (the server's admin database, to create this one).
        if (eventData.Context is { } context && ReferenceEquals(connection, context.Database.GetDbConnection()))
        {
            try
            {
                await PrepareAsync(context, connection, null, cancellationToken);
            }
            catch (DbException)
            {
                // A connection that may not create tables (read-only, say) is one that never saves: if it does, SaveChanges tries again.
            }
        }
    }

    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        ConnectionOpenedAsync(connection, eventData).GetAwaiter().GetResult();

    /// <summary>A set-based UPDATE or DELETE of a synced table: run with RETURNING, its rows logged in its transaction.</summary>
    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (result.HasResult || eventData.Context is not { } context || _captures.TryGetValue(context, out _)
            || SetBasedStatement.Match(command.CommandText, SqlDialect.For(context), TablesOf(context).Values) is not { } statement)
        {
            return result;
        }

        return InterceptionResult<int>.SuppressWithResult(await CaptureSetBasedAsync(context, command, statement, cancellationToken));
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        NonQueryExecutingAsync(command, eventData, result).AsTask().GetAwaiter().GetResult();

    private async Task<int> CaptureSetBasedAsync(DbContext context, DbCommand command, SetBasedStatement statement, CancellationToken cancellationToken)
    {
        var connection = command.Connection!;
        var owned = command.Transaction is null ? await connection.BeginTransactionAsync(cancellationToken) : null;
        var sql = command.CommandText;
        try
        {
            command.Transaction ??= owned;
            command.CommandText = statement.Returns(sql);
            var keys = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    keys.Add(JsonSerializer.Serialize(statement.Table.Keys.Select((key, i) => key.Read(reader, i)).ToArray()));
                }
            }

            await LogAsync(connection, command.Transaction!, SqlDialect.For(context), syncName,
                keys.Select(key => new LoggedRow(statement.Table.Entity, key, statement.Deletes)), cancellationToken);
            if (owned is not null)
            {
                await owned.CommitAsync(cancellationToken);
            }

            return keys.Count;
        }
        finally
        {
            command.CommandText = sql;
            if (owned is not null)
            {
                command.Transaction = null;
                await owned.DisposeAsync();
            }
        }
    }

    /// <summary>Writes log rows in the transaction of the change they record.</summary>
    private static async Task LogAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, string syncName,
        IEnumerable<LoggedRow> rows, CancellationToken cancellationToken)
    {
        var now = dialect.Timestamp(DateTimeOffset.UtcNow);
        foreach (var row in rows)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = dialect.InsertChange;
            command.Parameters.Add(SqlDialect.Parameter(command, "@name", syncName));
            command.Parameters.Add(SqlDialect.Parameter(command, "@entity", row.Entity));
            command.Parameters.Add(SqlDialect.Parameter(command, "@key", row.Key));
            command.Parameters.Add(SqlDialect.Parameter(command, "@deleted", row.Deleted));
            command.Parameters.Add(SqlDialect.Parameter(command, "@at", now));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static Dictionary<string, SyncTable> TablesOf(DbContext context) =>
        Tables.GetValue(context.Model, _ => SyncSchema.Read(context).ToDictionary(t => t.Entity));

    private sealed record LoggedRow(string Entity, string Key, bool Deleted);

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            await BeginAsync(context, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context)
        {
            BeginAsync(context, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _captures.TryGetValue(context, out var capture))
        {
            _captures.Remove(context);
            await capture.RecordAsync(context, syncName, cancellationToken);
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        SavedChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _captures.TryGetValue(context, out var capture))
        {
            _captures.Remove(context);
            await capture.AbandonAsync(cancellationToken);
        }
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) =>
        SaveChangesFailedAsync(eventData).GetAwaiter().GetResult();

    /// <summary>Notes the synced rows about to change and makes sure one transaction covers them and their log rows.</summary>
    private async Task BeginAsync(DbContext context, CancellationToken cancellationToken)
    {
        context.ChangeTracker.DetectChanges();
        var tables = TablesOf(context);
        var changed = context.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && tables.ContainsKey(e.Metadata.ClrType.Name))
            .Select(e => new ChangedRow(e, tables[e.Metadata.ClrType.Name], e.State == EntityState.Deleted ? KeyOf(e) : null))
            .ToList();
        if (changed.Count == 0)
        {
            return;
        }

        var dialect = SqlDialect.For(context);
        // A connection opened before this interceptor saw it (an application's own open connection); a closed
        // one is prepared when the transaction below opens it.
        if (context.Database.GetDbConnection() is { State: System.Data.ConnectionState.Open } open)
        {
            await PrepareAsync(context, open, context.Database.CurrentTransaction?.GetDbTransaction(), cancellationToken);
        }

        var owned = context.Database.CurrentTransaction is null ? await context.Database.BeginTransactionAsync(cancellationToken) : null;
        _captures.AddOrUpdate(context, new Capture(changed, dialect, owned));
    }

    /// <summary>Creates the log when missing, once per database and process: remembered only once created outside a transaction, where it is committed.</summary>
    private static async Task PrepareAsync(DbContext context, DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var database = $"{context.Database.ProviderName}|{connection.DataSource}|{connection.Database}";
        if (PreparedDatabases.ContainsKey(database))
        {
            return;
        }

        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = SqlDialect.For(context).CreateChanges;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (transaction is null)
        {
            PreparedDatabases[database] = true;
        }
    }

    private static string KeyOf(EntityEntry entry) =>
        JsonSerializer.Serialize(entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue).ToArray());

    private sealed record ChangedRow(EntityEntry Entry, SyncTable Table, string? DeletedKey);

    private sealed class Capture(List<ChangedRow> rows, SqlDialect dialect, IDbContextTransaction? owned)
    {
        public async Task RecordAsync(DbContext context, string syncName, CancellationToken cancellationToken)
        {
            try
            {
                // Keys of inserted rows are known only now, after the database generated any.
                await LogAsync(context.Database.GetDbConnection(), context.Database.CurrentTransaction!.GetDbTransaction(), dialect, syncName,
                    rows.Select(row => new LoggedRow(row.Table.Entity, row.DeletedKey ?? KeyOf(row.Entry), row.DeletedKey is not null)), cancellationToken);

                if (owned is not null)
                {
                    await owned.CommitAsync(cancellationToken);
                }
            }
            finally
            {
                if (owned is not null)
                {
                    await owned.DisposeAsync();
                }
            }
        }

        public async Task AbandonAsync(CancellationToken cancellationToken)
        {
            if (owned is not null)
            {
                await owned.RollbackAsync(cancellationToken);
                await owned.DisposeAsync();
            }
        }
    }
}

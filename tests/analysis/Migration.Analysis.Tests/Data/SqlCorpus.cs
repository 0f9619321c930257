namespace Migration.Analysis.Tests.Data;

/// <summary>
/// SQL texts as code carries them, each with exactly the tables it names. A case opens with "-- case: [dialect]
/// title", then "-- expect: schema.table, table" (empty for none), then the text, up to the next case. Other
/// comments belong to the text. {0} and {name} are holes, as string assembly and formatting leave them.
/// </summary>
internal static class SqlCorpus
{
    public sealed record Case(string Title, string Dialect, string Sql, IReadOnlyList<string> Expected);

    public static IReadOnlyList<Case> Cases { get; } = Read(Text);

    public static TheoryData<string, string, string> Theory()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var entry in Cases)
        {
            data.Add(entry.Title, entry.Sql, string.Join(", ", entry.Expected));
        }

        return data;
    }

    private static List<Case> Read(string text)
    {
        var cases = new List<Case>();
        foreach (var block in text.Split("-- case: ", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            var title = lines[0].Trim();
            const string Expect = "-- expect:";
            if (!lines[1].StartsWith(Expect, StringComparison.Ordinal))
            {
                throw new FormatException($"Case '{title}' has no '{Expect}' line.");
            }

            var expected = lines[1][Expect.Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var dialect = title[1..title.IndexOf(']', StringComparison.Ordinal)];
            cases.Add(new Case(title, dialect, string.Join('\n', lines[2..]).Trim(), expected));
        }

        return cases;
    }

    private const string Text = """
        -- case: [pg] EXTRACT(.. FROM ..) inside a call is the function's, not a table (a real failure)
        -- expect: scheduling.Appointments
        SELECT EXTRACT(YEAR FROM a."ScheduledAt") AS y, count(*) FROM "scheduling"."Appointments" a GROUP BY 1

        -- case: [pg] SUBSTRING, TRIM, POSITION, OVERLAY and CAST have FROM, FOR, IN, AS of their own
        -- expect: customers.customers
        SELECT SUBSTRING(c.name FROM 1 FOR 3), TRIM(BOTH ' ' FROM c.email), POSITION('@' IN c.email),
               OVERLAY(c.phone PLACING '***' FROM 4 FOR 3), CAST(c.id AS text)
        FROM customers.customers c

        -- case: [pg] ON CONFLICT DO UPDATE SET: SET is no table (a real failure)
        -- expect: hangfire.set
        INSERT INTO "hangfire"."set"("key", "value", "score")
        VALUES(@Key, @Value, @Score)
        ON CONFLICT ("key", "value")
        DO UPDATE SET "score" = EXCLUDED."score"

        -- case: [pg] data-modifying common table expressions: inputvalues and updatedrows are no tables (a real failure)
        -- expect: hangfire.jobparameter
        WITH "inputvalues" AS (
          SELECT @JobId "jobid", @Name "name", @Value "value"
        ), "updatedrows" AS (
          UPDATE "hangfire"."jobparameter" "updatetarget"
          SET "value" = "inputvalues"."value"
          FROM "inputvalues"
          WHERE "updatetarget"."jobid" = "inputvalues"."jobid" AND "updatetarget"."name" = "inputvalues"."name"
          RETURNING "updatetarget"."jobid", "updatetarget"."name"
        )
        INSERT INTO "hangfire"."jobparameter"("jobid", "name", "value")
        SELECT "jobid", "name", "value"
        FROM "inputvalues" "insertvalues"
        WHERE NOT EXISTS (
          SELECT 1 FROM "updatedrows"
          WHERE "updatedrows"."jobid" = "insertvalues"."jobid" AND "updatedrows"."name" = "insertvalues"."name")

        -- case: [pg] WITH RECURSIVE: the common table expression is no table
        -- expect: catalog.categories
        WITH RECURSIVE tree AS (
          SELECT id, parent_id FROM catalog.categories WHERE parent_id IS NULL
          UNION ALL
          SELECT c.id, c.parent_id FROM catalog.categories c JOIN tree t ON c.parent_id = t.id
        )
        SELECT * FROM tree

        -- case: [pg] DELETE in a common table expression, then SELECT from it
        -- expect: hangfire.counter
        WITH "counters" AS (
          DELETE FROM "hangfire"."counter" WHERE "key" = @Key AND "expireat" IS NULL RETURNING *
        )
        SELECT SUM("value") FROM "counters";

        -- case: [pg] table-valued functions are no tables: generate_series, unnest
        -- expect: scheduling.slots, ordering.orders
        SELECT d::date, s.id
        FROM generate_series(now(), now() + interval '7 days', interval '1 day') AS d
        LEFT JOIN scheduling.slots s ON s.day = d::date
        JOIN unnest(@ids) WITH ORDINALITY AS u(id, n) ON true
        JOIN ordering.orders o ON o.id = u.id

        -- case: [pg] LATERAL subquery after a comma join
        -- expect: customers.customers, ordering.orders
        SELECT c.id, l.total
        FROM customers.customers c,
             LATERAL (SELECT sum(total) AS total FROM ordering.orders o WHERE o.customer_id = c.id) l

        -- case: [pg] FROM ONLY t is t, and RETURNING ends the statement
        -- expect: audit.events
        DELETE FROM ONLY audit.events WHERE created_at < now() - interval '30 days' RETURNING id

        -- case: [pg] UPDATE ONLY with positional parameters
        -- expect: inventory.stock_items
        UPDATE ONLY inventory.stock_items SET on_hand = on_hand - $1 WHERE id = $2

        -- case: [pg] strings, dollar quotes and comments hide what looks like SQL
        -- expect: billing.invoices
        SELECT $$SELECT 1 FROM fake.dollar$$ AS a, $tag$JOIN fake.tagged$tag$ AS b,
               E'it\'s FROM fake.escaped' AS c, 'it''s FROM fake.quoted' AS d, -- FROM fake.line
               id /* JOIN fake.block /* nested */ */
        FROM billing.invoices

        -- case: [pg] casts and named parameters
        -- expect: ordering.orders
        SELECT id::text, created_at::date FROM ordering.orders WHERE status = 'open'::order_status AND customer_id = :customerId

        -- case: [pg] VALUES as a derived table
        -- expect: catalog.products
        SELECT v.id FROM (VALUES (1), (2), (3)) AS v(id) JOIN catalog.products p ON p.id = v.id

        -- case: [pg] set operations
        -- expect: archive.orders_2024, ordering.orders, ordering.cancelled, ordering.held
        SELECT id FROM archive.orders_2024
        UNION ALL SELECT id FROM ordering.orders
        EXCEPT SELECT order_id FROM ordering.cancelled
        INTERSECT SELECT order_id FROM ordering.held

        -- case: [pg] subqueries in WHERE: IN, EXISTS, a scalar subquery, ANY
        -- expect: ordering.orders, customers.customers, billing.invoices, billing.refunds
        SELECT o.id, (SELECT count(*) FROM billing.refunds r WHERE r.order_id = o.id) AS refunds
        FROM ordering.orders o
        WHERE o.customer_id IN (SELECT id FROM customers.customers WHERE vip)
          AND EXISTS (SELECT 1 FROM billing.invoices i WHERE i.order_id = o.id)
          AND o.id = ANY(@ids)

        -- case: [pg] every kind of join
        -- expect: a.one, a.two, a.three, a.four, a.five, a.six, a.seven
        SELECT *
        FROM a.one
        NATURAL JOIN a.two
        LEFT OUTER JOIN a.three USING (id)
        FULL JOIN a.four ON a.four.id = a.one.id
        CROSS JOIN a.five
        RIGHT JOIN a.six ON true
        INNER JOIN a.seven ON a.seven.id = a.one.id

        -- case: [pg] UPDATE .. FROM another table
        -- expect: inventory.stock_items, inventory.reservations
        UPDATE inventory.stock_items s SET on_hand = s.on_hand - r.quantity
        FROM inventory.reservations r WHERE r.item_id = s.id AND r.state = 'confirmed'

        -- case: [pg] DELETE .. USING another table
        -- expect: ordering.carts, customers.customers
        DELETE FROM ordering.carts c USING customers.customers cu WHERE c.customer_id = cu.id AND cu.deleted

        -- case: [pg] window functions, FILTER and ordered aggregates
        -- expect: ordering.order_lines
        SELECT order_id,
               count(*) FILTER (WHERE quantity > 1) OVER (PARTITION BY order_id ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
               string_agg(sku, ',' ORDER BY sku),
               CASE WHEN quantity > 10 THEN 'bulk' WHEN quantity > 1 THEN 'some' ELSE 'one' END
        FROM ordering.order_lines

        -- case: [pg] DISTINCT ON, ILIKE, LIMIT, OFFSET, FOR UPDATE SKIP LOCKED
        -- expect: ordering.orders
        SELECT DISTINCT ON (customer_id) customer_id, created_at
        FROM ordering.orders WHERE note ILIKE @q
        ORDER BY customer_id, created_at DESC LIMIT 10 OFFSET 20 FOR UPDATE SKIP LOCKED

        -- case: [pg] several statements
        -- expect: ordering.order_lines, ordering.orders
        DELETE FROM ordering.order_lines WHERE order_id = @id; DELETE FROM ordering.orders WHERE id = @id;

        -- case: [pg] CREATE TABLE IF NOT EXISTS with a foreign key
        -- expect: billing.invoices, ordering.orders
        CREATE TABLE IF NOT EXISTS billing.invoices (
          id uuid PRIMARY KEY,
          order_id uuid NOT NULL REFERENCES ordering.orders (id) ON DELETE SET NULL,
          total numeric(12, 2) NOT NULL DEFAULT 0
        )

        -- case: [pg] ALTER TABLE adding a foreign key
        -- expect: billing.payments, billing.invoices
        ALTER TABLE IF EXISTS billing.payments ADD CONSTRAINT fk_invoice FOREIGN KEY (invoice_id) REFERENCES billing.invoices (id) ON UPDATE CASCADE

        -- case: [pg] DROP TABLE of two tables, TRUNCATE
        -- expect: staging.orders, staging.lines, staging.customers
        DROP TABLE IF EXISTS staging.orders, staging.lines CASCADE; TRUNCATE TABLE staging.customers RESTART IDENTITY

        -- case: [pg] a temporary table is no table of the database
        -- expect: ordering.orders
        CREATE TEMP TABLE open_ids (id int) ON COMMIT DROP;
        INSERT INTO open_ids SELECT id FROM ordering.orders WHERE state = 'open';
        SELECT * FROM open_ids JOIN pg_temp.scratch ON true

        -- case: [pg] the engine's catalog is no module's table
        -- expect:
        SELECT t.table_name FROM information_schema.tables t JOIN pg_catalog.pg_class c ON c.relname = t.table_name
        JOIN pg_namespace n ON n.oid = c.relnamespace

        -- case: [pg] CREATE INDEX and CREATE VIEW: the indexed table, and what the view selects from
        -- expect: ordering.orders, customers.customers
        CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_orders_customer ON ordering.orders (customer_id);
        CREATE OR REPLACE VIEW reporting.customer_names AS SELECT id, name FROM customers.customers

        -- case: [pg] CREATE TRIGGER names its table
        -- expect: ordering.orders
        CREATE TRIGGER orders_changed AFTER INSERT OR UPDATE OR DELETE ON ordering.orders
        FOR EACH ROW EXECUTE FUNCTION datasync.record_change()

        -- case: [pg] the sample estate's own check, with the holes it is formatted with
        -- expect:
        SELECT COUNT(*)::int AS "Value" FROM information_schema.tables WHERE table_schema = {0} AND table_name = {1}

        -- case: [t-sql] brackets, table hints, aliases with and without AS
        -- expect: ordering.Orders, customers.Customers
        SELECT [o].[Id], [c].[Name]
        FROM [ordering].[Orders] AS [o] WITH (NOLOCK)
        INNER JOIN [customers].[Customers] [c] ON [c].[Id] = [o].[CustomerId]

        -- case: [t-sql] three-part names keep schema and table; db..table has the default schema
        -- expect: dbo.Orders, Customers
        SELECT * FROM Shop.dbo.Orders o JOIN Shop..Customers c ON c.Id = o.CustomerId

        -- case: [t-sql] TOP, ORDER BY and OFFSET .. FETCH
        -- expect: catalog.Products, catalog.Prices
        SELECT TOP (10) p.Id FROM catalog.Products p ORDER BY p.Name;
        SELECT Id FROM catalog.Prices ORDER BY Id OFFSET 20 ROWS FETCH NEXT 10 ROWS ONLY

        -- case: [t-sql] UPDATE alias SET .. FROM: the alias is no table (a real failure: J)
        -- expect: HangFire.Job
        update J set ExpireAt = NULL from [HangFire].Job J with (forceseek) where Id = @id;

        -- case: [t-sql] UPDATE TOP .. OUTPUT .. FROM: the alias is no table (a real failure: JQ)
        -- expect: HangFire.JobQueue
        update top (1) JQ
        set FetchedAt = GETUTCDATE()
        output INSERTED.Id, INSERTED.JobId, INSERTED.Queue, INSERTED.FetchedAt
        from [HangFire].JobQueue JQ with (forceseek, readpast, updlock, rowlock)
        where Queue in (@queue1, @queue2) and (FetchedAt is null or FetchedAt < DATEADD(second, @timeout, GETUTCDATE()))

        -- case: [t-sql] DELETE alias FROM
        -- expect: dbo.Sessions
        DELETE t FROM dbo.Sessions t WHERE t.ExpiresAt < SYSUTCDATETIME()

        -- case: [t-sql] a common table expression as DELETE's target (a real failure: cte)
        -- expect: HangFire.List
        ;with cte as (
            select row_number() over (order by Id desc) as row_num
            from [HangFire].List with (xlock, forceseek)
            where [Key] = @key)
        delete from cte where row_num not between @start and @end

        -- case: [t-sql] MERGE with VALUES as source and every WHEN
        -- expect: dbo.Stock
        MERGE INTO dbo.Stock WITH (HOLDLOCK) AS t
        USING (VALUES (@id, @qty)) AS s (Id, Qty) ON t.Id = s.Id
        WHEN MATCHED THEN UPDATE SET Qty = s.Qty
        WHEN NOT MATCHED BY TARGET THEN INSERT (Id, Qty) VALUES (s.Id, s.Qty)
        WHEN NOT MATCHED BY SOURCE THEN DELETE;

        -- case: [t-sql] MERGE from another table, with OUTPUT
        -- expect: dbo.Prices, staging.Prices
        MERGE dbo.Prices AS target USING staging.Prices AS source ON target.Sku = source.Sku
        WHEN MATCHED AND target.Amount <> source.Amount THEN UPDATE SET Amount = source.Amount
        OUTPUT $action, inserted.Sku;

        -- case: [t-sql] SELECT .. INTO creates a table
        -- expect: archive.Products2024, catalog.Products
        SELECT Id, Name INTO archive.Products2024 FROM catalog.Products WHERE Discontinued = 1

        -- case: [t-sql] temporary tables and table variables are no tables of the database
        -- expect: dbo.Orders, dbo.OrderLines
        DECLARE @done TABLE (Id int);
        SELECT Id INTO #ids FROM dbo.Orders WHERE Shipped = 1;
        INSERT INTO @done SELECT l.OrderId FROM #ids i JOIN dbo.OrderLines l ON l.OrderId = i.Id;
        DROP TABLE #ids;

        -- case: [t-sql] OUTPUT .. INTO another table
        -- expect: dbo.Queue, dbo.QueueArchive
        DELETE FROM dbo.Queue OUTPUT deleted.Id, deleted.Body INTO dbo.QueueArchive (Id, Body) WHERE Id = @id

        -- case: [t-sql] OPENJSON and a table-valued function are no tables; CROSS and OUTER APPLY
        -- expect: dbo.Products, dbo.Customers, dbo.Orders
        SELECT c.Id, x.Total, j.Id
        FROM dbo.Customers c
        CROSS APPLY (SELECT SUM(o.Total) AS Total FROM dbo.Orders o WHERE o.CustomerId = c.Id) x
        OUTER APPLY dbo.LastOrderOf(c.Id) lo
        JOIN OPENJSON(@json) WITH (Id int '$.id') AS j ON j.Id = c.FavouriteProductId
        JOIN dbo.Products p ON p.Id = j.Id

        -- case: [t-sql] IF EXISTS .. UPDATE .. ELSE INSERT
        -- expect: dbo.Settings
        IF EXISTS (SELECT 1 FROM dbo.Settings WHERE [Key] = @key)
            UPDATE dbo.Settings SET Value = @value WHERE [Key] = @key
        ELSE
            INSERT INTO dbo.Settings ([Key], Value) VALUES (@key, @value)

        -- case: [t-sql] a script: SET options, a transaction, TRY / CATCH, statements without semicolons
        -- expect: HangFire.Hash
        set xact_abort off;
        begin try
          insert into [HangFire].Hash ([Key], Field, Value) values (@key, @field, @value);
          if @@ROWCOUNT = 0 update [HangFire].Hash set Value = @value where [Key] = @key and Field = @field;
        end try
        begin catch
          declare @em nvarchar(4000), @es int, @est int;
          select @em=error_message(),@es=error_severity(),@est=error_state();
          IF ERROR_NUMBER() not in (2601, 2627) raiserror(@em, @es, @est);
          update [HangFire].Hash set Value = @value where [Key] = @key and Field = @field;
        end catch

        -- case: [t-sql] statements one after another without semicolons
        -- expect: HangFire.Job, HangFire.JobParameter, HangFire.State
        select * from [HangFire].Job with (nolock, forceseek) where Id = @id
        select * from [HangFire].JobParameter with (nolock, forceseek) where JobId = @id
        select * from [HangFire].State with (nolock, forceseek) where JobId = @id order by Id desc

        -- case: [t-sql] the engine's catalog is no module's table
        -- expect:
        SELECT s.name, t.name FROM sys.tables t JOIN sys.schemas s ON s.schema_id = t.schema_id WHERE t.is_ms_shipped = 0

        -- case: [t-sql] a trigger's inserted and deleted are the engine's
        -- expect: audit.Changes
        INSERT INTO audit.Changes (Id, Deleted) SELECT Id, 0 FROM inserted UNION ALL SELECT Id, 1 FROM deleted

        -- case: [t-sql] CREATE TABLE with a foreign key
        -- expect: billing.Invoices, ordering.Orders
        CREATE TABLE [billing].[Invoices] (
            [Id] int NOT NULL PRIMARY KEY,
            [OrderId] int NOT NULL CONSTRAINT [FK_Invoices_Orders] FOREIGN KEY REFERENCES [ordering].[Orders] ([Id])
        )

        -- case: [t-sql] CREATE INDEX and TRUNCATE TABLE
        -- expect: dbo.Orders, dbo.Staging
        CREATE NONCLUSTERED INDEX IX_Orders_Customer ON dbo.Orders (CustomerId) INCLUDE (Total);
        TRUNCATE TABLE dbo.Staging

        -- case: [t-sql] N'..' strings hide what looks like SQL
        -- expect: dbo.Messages
        SELECT * FROM dbo.Messages WHERE Body LIKE N'%FROM hidden.table%' AND Subject <> N'JOIN x'

        -- case: [t-sql] EF Core's own catalog query
        -- expect:
        SELECT TOP(1) @fg_name = [name] FROM [sys].[filegroups] WHERE [type] = N'FX';

        -- case: [t-sql] old-style hints without WITH
        -- expect: dbo.Products
        SELECT Id FROM dbo.Products (NOLOCK) WHERE Price > 10

        -- case: [sqlite] INSERT OR REPLACE
        -- expect: settings
        INSERT OR REPLACE INTO settings (key, value) VALUES (@key, @value)

        -- case: [sqlite] INSERT OR IGNORE into EF Core's history table
        -- expect: __EFMigrationsHistory
        INSERT OR IGNORE INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ('20261125105442_InitialCreate', '10.0.0')

        -- case: [sqlite] REPLACE INTO with ? parameters
        -- expect: kv
        REPLACE INTO kv (k, v) VALUES (?, ?)

        -- case: [sqlite] sqlite_master and pragma functions are the engine's
        -- expect:
        SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN (SELECT name FROM pragma_table_info('orders'))

        -- case: [sqlite] LIMIT and numbered parameters
        -- expect: orders
        SELECT * FROM orders WHERE customer_id = ?1 ORDER BY created_at DESC LIMIT 10 OFFSET ?2

        -- case: [sqlite] backquoted names and JOIN .. USING
        -- expect: orders, order_lines
        SELECT * FROM `orders` JOIN `order_lines` USING (order_id)

        -- case: [sqlite] UPDATE OR ROLLBACK with $name parameters
        -- expect: stock
        UPDATE OR ROLLBACK stock SET qty = qty - 1 WHERE id = $id

        -- case: [sqlite] DELETE with a subquery on the same table
        -- expect: outbox_messages
        DELETE FROM outbox_messages WHERE id IN (SELECT id FROM outbox_messages ORDER BY id LIMIT 100)

        -- case: [sqlite] CREATE TABLE as EF Core writes it
        -- expect: outbox_messages
        CREATE TABLE IF NOT EXISTS "outbox_messages" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_outbox_messages" PRIMARY KEY AUTOINCREMENT,
            "Body" TEXT NOT NULL
        );

        -- case: [sqlite] the sample estate's own check
        -- expect:
        SELECT COUNT(*) AS "Value" FROM sqlite_master WHERE type = 'table' AND name = {0}

        -- case: [hole] an interpolated value in WHERE
        -- expect: billing.invoices
        SELECT * FROM billing.invoices WHERE patient_id = {0}

        -- case: [hole] a hole for the schema: the table, in whichever schema the program picks
        -- expect: orders, order_lines
        SELECT * FROM {0}.orders o JOIN {0}.order_lines l ON l.order_id = o.id WHERE o.id = {1}

        -- case: [hole] a hole where a table goes names no table
        -- expect: scheduling.appointments
        SELECT * FROM scheduling.appointments a JOIN {0}

        -- case: [hole] a hole glued to a name names no table
        -- expect:
        SELECT * FROM orders_{0} WHERE id = @id

        -- case: [hole] INSERT INTO a hole
        -- expect:
        INSERT INTO {0} (sync_name, table_name) VALUES (@name, @table) ON CONFLICT (sync_name, table_name) DO NOTHING

        -- case: [hole] a bracketed schema hole, as Hangfire formats it
        -- expect: Job
        SELECT * FROM [{0}].[Job] WITH (NOLOCK) WHERE Id = @id

        -- case: [hole] named holes of a template
        -- expect: jobs
        SELECT * FROM {schema}.jobs WHERE id = @id

        -- case: [hole] quoted holes
        -- expect:
        DELETE FROM "{0}"."{1}" WHERE id = @id

        -- case: [prose] a sentence that parses as SQL: "the" would be the table (a real failure)
        -- expect:
        Select a product from the list

        -- case: [prose] a message that opens with a verb
        -- expect:
        Update failed: could not update the order from the server

        -- case: [prose] a button's caption
        -- expect:
        Delete from cart

        -- case: [prose] an error message
        -- expect:
        Insert into the queue failed

        -- case: [prose] ASP.NET Core's log message that the old finder took "the" from (a real failure)
        -- expect:
        Attempting to select the first output formatter in the output formatters list which supports a content type from the explicitly specified content types '{ExplicitContentTypes}'.

        -- case: [prose] a sentence with punctuation
        -- expect:
        Select the rows from the table you want to update, then press Delete.

        -- case: [prose] lower case prose
        -- expect:
        update the stock from the warehouse before you select a product

        -- case: [prose] a log template
        -- expect:
        Delete cookie '{key}' suppressed due to developer policy.

        -- case: [prose] a sentence with a determiner where the table goes
        -- expect:
        SELECT * FROM the list

        -- case: [fragment] a piece of a statement that code completes elsewhere
        -- expect:
        SELECT * FROM

        -- case: [fragment] left open
        -- expect:
        IF EXISTS (SELECT * FROM [sys].[identity_columns] WHERE

        -- case: [fragment] the middle of a statement
        -- expect:
        , (SELECT o.total FROM ordering.orders o WHERE o.id = x.order_id) AS total

        -- case: [fragment] an unterminated string
        -- expect:
        SELECT * FROM ordering.orders WHERE note = 'open
        """;
}

using Migration.Analysis.Data;
using Migration.Analysis.Modules;
using Migration.Analysis.Reading;

namespace Migration.Analysis.Tests.Data;

/// <summary>Assemblies that carry SQL-looking strings but no module's tables: what the finder reads in them is noise.</summary>
public sealed class FrameworkSqlTests
{
    private static readonly string NetCore = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
    private static readonly string AspNetCore = Path.GetFullPath(Path.Combine(NetCore, "..", "..", "Microsoft.AspNetCore.App", Path.GetFileName(NetCore)));

    [Fact]
    public void Analyze_SharedFrameworks_FindNoTable()
    {
        // Before the statements were parsed, ASP.NET Core's log message "Attempting to select the first output
        // formatter .. from the explicitly specified content types" gave a table "the". The frameworks hold no SQL
        // naming a table: System.Data.Common's command builder starts "DELETE FROM " and "INSERT INTO " and completes
        // them at run time.
        Assert.True(Directory.Exists(AspNetCore), AspNetCore);
        string[] files = [.. Directory.EnumerateFiles(NetCore, "*.dll"), .. Directory.EnumerateFiles(AspNetCore, "*.dll")];
        var map = NamespaceModules.Discover(files, depth: 2);

        var report = Analyzer.Analyze(new AnalysisRequest(files, map) { ReadEfModels = false });

        Assert.Empty(report.Tables);
    }

    [Fact]
    public void Scan_SystemDataCommon_ReadsItsStatementStartsAndFindsNoTable()
    {
        var file = Path.Combine(NetCore, "System.Data.Common.dll");

        var scanned = AssemblyScanner.Scan(file, NamespaceModules.Discover([file], depth: 2));

        Assert.Equal(["DELETE FROM ", "INSERT INTO "], scanned.SqlTexts.Select(t => t.Text).Distinct().Order(StringComparer.Ordinal));
        Assert.All(scanned.SqlTexts, t => Assert.Empty(SqlTableFinder.Find(t.Text)));
    }

    [Fact]
    public void Scan_DataAccessLibraries_FindNoModulesTable()
    {
        // EF Core's providers, Npgsql, SqlClient and Microsoft.Data.Sqlite query the engine's catalog (sys.*,
        // information_schema.*, pg_*, sqlite_master) and build the rest at run time, with holes for every table; the
        // old finder took aliases, keywords and common table expressions in them for tables.
        string[] files =
        [
            .. Directory.EnumerateFiles(AppContext.BaseDirectory, "Microsoft.EntityFrameworkCore*.dll"),
            .. Directory.EnumerateFiles(AppContext.BaseDirectory, "Npgsql*.dll"),
            Path.Combine(AppContext.BaseDirectory, "Microsoft.Data.SqlClient.dll"),
            Path.Combine(AppContext.BaseDirectory, "Microsoft.Data.Sqlite.dll"),
        ];
        var map = NamespaceModules.Discover(files, depth: 2);

        var texts = files.SelectMany(file => AssemblyScanner.Scan(file, map).SqlTexts).ToList();

        Assert.True(texts.Count > 100, $"{texts.Count} SQL texts");
        Assert.Empty(texts.SelectMany(t => SqlTableFinder.Find(t.Text)).Select(t => t.ToString()).Distinct());
    }
}

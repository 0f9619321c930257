using Migration.Analysis.Modules;

namespace Migration.Analysis.Reports;

/// <summary>
/// Where the module graph's boxes go: each deployable a group with its modules in rows, the groups side
/// by side (wrapped when a row gets too wide), the monolith first; the shared modules, which ship in every
/// deployable, in a band of their own under all of them. Pure arithmetic on the report's order, so the
/// same report always gets the same picture.
/// </summary>
internal sealed record GraphLayout(IReadOnlyList<GroupBox> Groups, double Width, double Height)
{
    public const double ModuleHeight = 40;
    public const double GroupHeader = 30;
    private const double ModuleGap = 56;
    private const double RowGap = 64;
    private const double GroupPadding = 18;
    private const double GroupGap = 56;
    private const double Margin = 12;
    private const double MaxRowWidth = 1300;
    private const int OneRowUpTo = 5;
    private const double CharWidth = 7.4; // of the 12px module names; generous, so that a name never spills out
    private const double HeaderCharWidth = 8.2;

    public static GraphLayout Of(AnalysisReport report)
    {
        var moduleWidth = Math.Max(110, Math.Ceiling((report.Modules.Select(m => m.Name.Length).DefaultIfEmpty(0).Max() * CharWidth) + 24));
        var shared = report.Modules.Where(IsShared).ToList();
        var deployables = report.Modules.Where(m => !IsShared(m)).GroupBy(m => m.Deployable)
            .OrderBy(g => g.Key == Deployables.Legacy ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Sized(g.Key, g.Key, Rows([.. g]), moduleWidth))
            .ToList();

        // Groups left to right, top aligned, wrapped when a row of them gets too wide.
        var groups = new List<GroupBox>();
        double x = Margin, y = Margin, rowHeight = 0, width = 0;
        foreach (var group in deployables)
        {
            if (x > Margin && x + group.Width > MaxRowWidth)
            {
                (x, y, rowHeight) = (Margin, y + rowHeight + GroupGap, 0);
            }

            groups.Add(group.At(x, y));
            width = Math.Max(width, x + group.Width);
            rowHeight = Math.Max(rowHeight, group.Height);
            x += group.Width + GroupGap;
        }

        var bottom = groups.Count == 0 ? Margin : y + rowHeight + GroupGap;
        if (shared.Count > 0)
        {
            // As wide as the groups above it, its modules centred: it lies under all of them.
            var span = Math.Max(width - Margin, MaxRowWidth / 2);
            var fits = (int)Math.Max(1, Math.Floor((span - (2 * GroupPadding) + ModuleGap) / (moduleWidth + ModuleGap)));
            var band = Sized(shared[0].Deployable, $"{shared[0].Deployable}: in every deployable", [.. shared.Chunk(fits)], moduleWidth);
            band = band.Widened(Math.Max(band.Width, span)).At(Margin, bottom);
            groups.Add(band);
            width = Math.Max(width, band.X + band.Width);
            bottom += band.Height + GroupGap;
        }

        return new GraphLayout(groups, width + Margin, bottom - GroupGap + Margin);
    }

    /// <summary>The shared kernel ships in every deployable, so it is no deployable's member.</summary>
    public static bool IsShared(ModuleReport module) => module.Role == "shared";

    /// <summary>
    /// A group's modules in rows: the host on top (its wiring fans out downwards), then the modules, one
    /// row while they are few (edges to the shared band below then pass no other module), else a grid.
    /// </summary>
    private static List<ModuleReport[]> Rows(IReadOnlyList<ModuleReport> modules)
    {
        var hosts = modules.Where(m => m.Role == "host").ToArray();
        var rest = modules.Where(m => m.Role != "host").ToList();
        var columns = Math.Max(1, Math.Min(rest.Count, Math.Max(OneRowUpTo, (int)Math.Ceiling(Math.Sqrt(rest.Count)))));
        return [.. new[] { hosts }.Concat(rest.Chunk(columns)).Where(row => row.Length > 0)];
    }

    private static GroupBox Sized(string deployable, string label, IReadOnlyList<ModuleReport[]> rows, double moduleWidth)
    {
        var widest = rows.Max(r => (r.Length * moduleWidth) + ((r.Length - 1) * ModuleGap));
        var width = Math.Max(widest, Math.Ceiling(label.Length * HeaderCharWidth)) + (2 * GroupPadding);
        var height = GroupHeader + (rows.Count * ModuleHeight) + ((rows.Count - 1) * RowGap) + GroupPadding;
        var boxes = rows.SelectMany((row, r) =>
        {
            var left = (width - ((row.Length * moduleWidth) + ((row.Length - 1) * ModuleGap))) / 2;
            return row.Select((m, i) => new ModuleBox(m, left + (i * (moduleWidth + ModuleGap)), GroupHeader + (r * (ModuleHeight + RowGap)), moduleWidth));
        }).ToList();
        return new GroupBox(deployable, label, 0, 0, width, height, boxes);
    }
}

/// <summary>A deployable's group; its modules' positions are relative to it until <see cref="At"/> places it.</summary>
internal sealed record GroupBox(string Deployable, string Label, double X, double Y, double Width, double Height, IReadOnlyList<ModuleBox> Modules)
{
    public GroupBox At(double x, double y) =>
        this with { X = x, Y = y, Modules = [.. Modules.Select(m => m with { X = m.X - X + x, Y = m.Y - Y + y })] };

    public GroupBox Widened(double width) =>
        this with { Width = width, Modules = [.. Modules.Select(m => m with { X = m.X + ((width - Width) / 2) })] };
}

/// <summary>A module's box: its top-left corner and width (all boxes share <see cref="GraphLayout.ModuleHeight"/>).</summary>
internal sealed record ModuleBox(ModuleReport Module, double X, double Y, double Width)
{
    public double CenterX => X + (Width / 2);

    public double CenterY => Y + (GraphLayout.ModuleHeight / 2);

    /// <summary>Where the ray from the box's centre towards (x, y) leaves the box: edges start and end there.</summary>
    public (double X, double Y) Border(double x, double y)
    {
        var (dx, dy) = (x - CenterX, y - CenterY);
        if (dx == 0 && dy == 0)
        {
            return (CenterX, CenterY);
        }

        var scale = Math.Min(dx == 0 ? double.MaxValue : Width / 2 / Math.Abs(dx), dy == 0 ? double.MaxValue : GraphLayout.ModuleHeight / 2 / Math.Abs(dy));
        return (CenterX + (dx * scale), CenterY + (dy * scale));
    }
}

namespace Migration.Analysis.Reports;

/// <summary>
/// An edge of the module graph as a quadratic curve from one module's border to the other's, bent to the
/// left of its direction of travel: an edge and its reverse bend apart instead of lying on top of each
/// other, and an edge along a row of modules arcs over the modules between its ends.
/// </summary>
internal sealed record EdgeCurve(double X1, double Y1, double Cx, double Cy, double X2, double Y2)
{
    public static EdgeCurve Between(ModuleBox from, ModuleBox to)
    {
        var (dx, dy) = (to.CenterX - from.CenterX, to.CenterY - from.CenterY);
        var length = Math.Max(1, Math.Sqrt((dx * dx) + (dy * dy)));
        var bend = Math.Clamp(length * 0.22, 16, 90);
        var (cx, cy) = (((from.CenterX + to.CenterX) / 2) + (dy / length * bend), ((from.CenterY + to.CenterY) / 2) - (dx / length * bend));
        var (x1, y1) = from.Border(cx, cy);
        var (x2, y2) = to.Border(cx, cy);
        return new EdgeCurve(x1, y1, cx, cy, x2, y2);
    }

    /// <summary>The curve's middle, where its label goes.</summary>
    public (double X, double Y) Middle => (At(X1, Cx, X2, 0.5), At(Y1, Cy, Y2, 0.5));

    /// <summary>The smallest box holding the curve, so that the drawing can make room for an arc that leaves the groups.</summary>
    public (double Left, double Top, double Right, double Bottom) Bounds
    {
        get
        {
            var (left, right) = Extent(X1, Cx, X2);
            var (top, bottom) = Extent(Y1, Cy, Y2);
            return (left, top, right, bottom);
        }
    }

    private static (double Min, double Max) Extent(double p0, double c, double p2)
    {
        var (min, max) = (Math.Min(p0, p2), Math.Max(p0, p2));
        // A quadratic's coordinate turns at most once, where its derivative is zero.
        var denominator = p0 - (2 * c) + p2;
        if (denominator != 0 && (p0 - c) / denominator is var t and > 0 and < 1)
        {
            var turn = At(p0, c, p2, t);
            (min, max) = (Math.Min(min, turn), Math.Max(max, turn));
        }

        return (min, max);
    }

    private static double At(double p0, double c, double p2, double t) => ((1 - t) * (1 - t) * p0) + (2 * (1 - t) * t * c) + (t * t * p2);
}

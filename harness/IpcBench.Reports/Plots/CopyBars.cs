using System.Globalization;
using IpcBench.Results;
using ScottPlot;

namespace IpcBench.Reports.Plots;

/// <summary>
/// The verdict as bars: copies per byte and direction beyond the peers' own work, per transport, one bar per
/// peer pair (colour) and result (earlier results paler), with ± one standard error whiskers. The kernel-copy
/// transports count in memcpy units, shared memory in hand-off units (CopyModelEntry.VerdictUnit); the black tick
/// on a bar is the textbook value (2 or 0). A bar whose slope is not resolved (CopyModelEntry.SlopeResolved) is pale
/// and marked "n/r". Results of schema version 1 (no verdict) show copies beyond own work in memcpy units.
/// </summary>
internal static class CopyBars
{
    /// <summary>
    /// The value range shown: everything, unless a few values are far off the rest (beyond four
    /// times the 75th percentile of the magnitudes); those are then drawn clipped at the edge.
    /// </summary>
    internal static (double Bottom, double Top) VisibleRange(IReadOnlyList<double> values)
    {
        var magnitudes = values.Select(Math.Abs).Order().ToList();
        double p75 = magnitudes.Count == 0 ? 1 : magnitudes[(int)Math.Floor(0.75 * (magnitudes.Count - 1))];
        double limit = Math.Max(4 * p75, 1);
        var shown = values.Where(v => Math.Abs(v) <= limit).ToList();
        double hi = Math.Max(0, shown.Count > 0 ? shown.Max() : 1), lo = Math.Min(0, shown.Count > 0 ? shown.Min() : 0);
        if (values.Any(v => v > limit)) hi = limit;
        if (values.Any(v => v < -limit)) lo = -limit;
        double pad = (hi - lo) * 0.12 + 0.1;
        return (lo < 0 ? lo - pad : 0, hi + pad);
    }

    /// <summary>The bar's value: the verdict's copies, or (unresolved, or a version 1 result) the same figure as fitted.</summary>
    internal static double? Value(CopyModelEntry m) =>
        m.VerdictCopies ?? (m.VerdictUnit == "handoff" ? m.HandoffsBeyondOwn : m.CopiesBeyondOwn);

    internal static double? Error(CopyModelEntry m) =>
        m.VerdictUnit == "handoff" ? m.HandoffsStdError : m.VerdictCopiesStdError ?? m.CopiesStdError;

    public static bool HasData(IEnumerable<RunResult> runs, Placement placement) =>
        runs.SelectMany(r => r.CopyModel).Any(m => m.Placement == placement && m.Status == ModelStatus.Ok && Value(m) is not null);

    public static Plot Create(IReadOnlyList<LabelledRun> runs, Placement placement)
    {
        var plot = Figure.New($"Copies per byte and direction beyond own work ({placement.Name()})",
            "transport", "copies (kernel copies: memcpy units; shared memory: hand-off units)");
        var layout = new ModelBars(runs, placement, m => Value(m) is not null);
        if (layout.IsEmpty)
        {
            plot.Add.Annotation("no copy model (needs ok latency cells at 2 or more sizes and the floors)");
            return plot;
        }
        var bars = new List<Bar>();
        var textbook = new List<(double X, double Y)>();
        bool anyUnresolved = false;
        bool labels = layout.Groups.Count * layout.Series.Count <= 16;
        foreach (var (x, series, m) in layout.Bars())
        {
            double v = Value(m)!.Value;
            // A slope lost in the round-trip noise gives a number that means nothing: drawn pale and marked.
            bool unresolved = m.SlopeResolved == false;
            anyUnresolved |= unresolved;
            var color = layout.ColorOf(series);
            bars.Add(new Bar
            {
                Position = x, Value = v, Size = layout.BarWidth * 0.9,
                FillColor = unresolved ? color.WithAlpha(0.3) : color, LineColor = color,
                Error = Error(m) ?? 0,
                // Value labels only while the bars are wide enough to carry them; the report's table has every number.
                Label = !labels ? "" : unresolved ? "n/r" : v.ToString("0.0", CultureInfo.InvariantCulture) + (m.AgreesWithTextbook == true ? " ✓" : ""),
            });
            if (m.TextbookCopies is { } t)
                textbook.Add((x, t));
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 10;
        // After the bars, so the textbook ticks are drawn on top of them.
        foreach (var (x, y) in textbook)
        {
            var tick = plot.Add.Line(x - layout.BarWidth * 0.45, y, x + layout.BarWidth * 0.45, y);
            tick.LineColor = Colors.Black;
            tick.LineWidth = 3;
        }
        layout.Axis(plot);
        var (bottom, top) = VisibleRange(bars.Select(b => b.Value + b.Error).Concat(bars.Select(b => b.Value)).Concat(textbook.Select(c => c.Y)).ToList());
        plot.Axes.SetLimitsY(bottom, top);
        // A fit gone wild (noisy points) would squash every other bar: it is drawn to the edge and its value written there.
        foreach (var b in bars.Where(b => b.Value > top || b.Value < bottom))
        {
            bool up = b.Value > top;
            var note = plot.Add.Text($"{b.Value.ToString("0.#", CultureInfo.InvariantCulture)} {(up ? "↑" : "↓")}", b.Position, up ? top : bottom);
            note.LabelFontSize = 11;
            note.LabelBold = true;
            note.LabelAlignment = up ? Alignment.UpperCenter : Alignment.LowerCenter;
        }
        plot.Add.HorizontalLine(0, 1, Colors.Black.WithAlpha(0.6));
        layout.Legend(plot);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "textbook (2 kernel copies; 0 for shared memory)", LineColor = Colors.Black, LineWidth = 3 });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "whisker: ± 1 standard error; ✓ agrees", LineColor = Colors.Gray, LineWidth = 1 });
        if (anyUnresolved)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "pale, n/r: per-byte cost not resolved", FillColor = Colors.Gray.WithAlpha(0.3) });
        Figure.LegendRight(plot);
        return plot;
    }
}

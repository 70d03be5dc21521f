using IpcBench.Reports.Plots;
using IpcBench.Reports.Text;
using IpcBench.Results;
using IpcBench.Util;
using ScottPlot;

namespace IpcBench.Reports.History;

/// <summary>
/// The trend of followed cells over the runs: one line per cell (colour by transport), the
/// spread of its repetitions as a thin vertical bar, a red ring where compare against the
/// previous run flags a regression and a green ring where it flags an improvement.
/// </summary>
internal static class TrendPlot
{
    static readonly Color RegressionColor = Color.FromHex("#d00000");
    static readonly Color ImprovementColor = Color.FromHex("#2a9d2a");

    public static Plot Create(HistoryResult h, IReadOnlyList<CellHistory> cells, Workload workload, string peers, Placement placement)
    {
        string what = workload == Workload.Latency ? "Median round trip" : "Throughput";
        var plot = Figure.New($"{what} over runs ({peers}, {placement.Name()})", "run (oldest first)",
            workload == Workload.Latency ? "median round trip, log scale" : "MB/s (MB = 10⁶ bytes), log scale");
        bool severalSizes = cells.Select(c => c.Identity.Size).Distinct().Count() > 1;
        var values = new List<double>();
        var legend = new List<(string Label, Color Color, MarkerShape Shape)>();
        int variantIndex = 0;
        foreach (var cell in cells)
        {
            var id = cell.Identity;
            string variant = Figures.Transport(id.Transport, id.Wait, id.Yield);
            var color = SeriesStyle.ForTransport(variant);
            // The same transport at several sizes: one marker shape per size.
            var shape = severalSizes ? SeriesStyle.ForResultMarker(variantIndex++ % 5) : MarkerShape.FilledCircle;
            var pts = cell.Points.Where(p => p.Value is > 0).ToList();
            if (pts.Count == 0) continue;
            var line = plot.Add.Scatter(pts.Select(p => (double)p.Run).ToArray(), pts.Select(p => LogAxis.ToLog(p.Value!.Value)).ToArray(), color);
            line.LineWidth = 2;
            line.MarkerShape = shape;
            line.MarkerSize = 7;
            values.AddRange(pts.Select(p => p.Value!.Value));
            foreach (var p in pts.Where(p => p.Low is > 0 && p.High is > 0 && p.High > p.Low))
            {
                var spread = plot.Add.Line(p.Run, LogAxis.ToLog(p.Low!.Value), p.Run, LogAxis.ToLog(p.High!.Value));
                spread.LineColor = color.WithAlpha(0.6);
                spread.LineWidth = 1.5f;
                values.Add(p.Low.Value);
                values.Add(p.High.Value);
            }
            legend.Add((severalSizes ? $"{variant} {SizeParser.Format(id.Size)}" : variant, color, shape));
        }
        foreach (var cell in cells)
        {
            foreach (var p in cell.Points.Where(p => p.Value is > 0 && (p.IsRegression || p.IsImprovement)))
            {
                var ring = plot.Add.Marker(p.Run, LogAxis.ToLog(p.Value!.Value), MarkerShape.OpenCircle, 20, p.IsRegression ? RegressionColor : ImprovementColor);
                ring.MarkerLineWidth = 2.5f;
            }
        }
        if (values.Count == 0)
        {
            plot.Add.Annotation("no measured point");
            return plot;
        }

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        int step = Math.Max(1, (int)Math.Ceiling(h.Runs.Count / 25.0));
        for (int i = 0; i < h.Runs.Count; i++)
        {
            if (i % step == 0 || i == h.Runs.Count - 1) ticks.AddMajor(i, h.Labels[i]);
            else ticks.AddMinor(i);
        }
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.TickLabelStyle.Rotation = 35;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        // Room for the rotated run labels (about sin 35° of their length) and the axis title.
        plot.Axes.Bottom.MinimumSize = 40 + 4.2f * Math.Min(40, h.Labels.Max(l => l.Length));
        plot.Axes.SetLimitsX(-0.5, Math.Max(0.5, h.Runs.Count - 0.5));
        plot.Axes.Left.TickGenerator = LogAxis.DecadeTicks(values.Min(), values.Max(),
            workload == Workload.Latency ? LogAxis.Nanoseconds : LogAxis.MegabytesPerSecond);
        LogAxis.FitY(plot, values.Min(), values.Max());

        foreach (var (label, color, shape) in legend)
        {
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = label, LineColor = color, LineWidth = 2, MarkerShape = shape, MarkerFillColor = color, MarkerLineColor = color, MarkerSize = 7,
            });
        }
        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = "regression vs previous run", MarkerShape = MarkerShape.OpenCircle, MarkerLineColor = RegressionColor, MarkerSize = 12, MarkerLineWidth = 2.5f,
        });
        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = "improvement vs previous run", MarkerShape = MarkerShape.OpenCircle, MarkerLineColor = ImprovementColor, MarkerSize = 12, MarkerLineWidth = 2.5f,
        });
        Figure.LegendRight(plot);
        return plot;
    }
}

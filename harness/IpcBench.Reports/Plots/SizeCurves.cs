using IpcBench.Results;
using ScottPlot;

namespace IpcBench.Reports.Plots;

/// <summary>
/// Round-trip time and throughput against message size, log-log: one line per transport
/// (colour) and result (marker), for one peer pair and placement.
/// </summary>
internal static class SizeCurves
{
    public static Plot RoundTrip(IReadOnlyList<LabelledRun> runs, string peers, Placement placement) =>
        Create(runs, peers, placement, Workload.Latency,
            $"Round trip vs message size ({peers}, {placement.Name()})",
            "median round trip (p50), log scale", c => c.Latency!.P50Ns, LogAxis.Nanoseconds);

    public static Plot Throughput(IReadOnlyList<LabelledRun> runs, string peers, Placement placement) =>
        Create(runs, peers, placement, Workload.Throughput,
            $"Throughput vs message size ({peers}, {placement.Name()})",
            "throughput, MB/s (MB = 10⁶ bytes), log scale", c => c.Throughput!.MbPerS, LogAxis.MegabytesPerSecond);

    static Plot Create(IReadOnlyList<LabelledRun> runs, string peers, Placement placement, Workload workload,
        string title, string yLabel, Func<CellResult, double> value, Func<double, string> tickLabel)
    {
        var plot = Figure.New(title, "message size (bytes, header included), log scale", yLabel);
        var sizes = new List<long>();
        var values = new List<double>();
        var variants = CellSeries.Variants(runs.Select(r => r.Run), workload, peers, placement);
        for (int i = 0; i < runs.Count; i++)
        {
            foreach (var group in CellSeries.ByVariant(runs[i].Run, workload, peers, placement))
            {
                var cells = group.Where(c => value(c) > 0).ToList();
                if (cells.Count == 0) continue;
                var xs = cells.Select(c => LogAxis.ToLog(c.Size)).ToArray();
                var ys = cells.Select(c => LogAxis.ToLog(value(c))).ToArray();
                var line = plot.Add.Scatter(xs, ys, SeriesStyle.ForResult(SeriesStyle.ForTransport(group.Key), i, runs.Count));
                line.LineWidth = 2;
                line.MarkerShape = SeriesStyle.ForResultMarker(i);
                line.MarkerSize = 7;
                sizes.AddRange(cells.Select(c => c.Size));
                values.AddRange(cells.Select(value));
            }
        }
        if (values.Count == 0)
        {
            plot.Add.Annotation("no measured cells");
            return plot;
        }
        plot.Axes.Bottom.TickGenerator = LogAxis.SizeTicks(sizes);
        plot.Axes.Left.TickGenerator = LogAxis.DecadeTicks(values.Min(), values.Max(), tickLabel);
        LogAxis.FitX(plot, sizes.Min(), sizes.Max());
        LogAxis.FitY(plot, values.Min(), values.Max());
        Legend.TransportsAndRuns(plot, variants, runs.Select(r => r.Label).ToList());
        return plot;
    }
}

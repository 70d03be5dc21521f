using IpcBench.Results;
using ScottPlot;

namespace IpcBench.Reports.Plots;

/// <summary>
/// The latency distribution of each transport at one message size, as a percentile plot: the
/// horizontal axis is in "nines" (−log10(1 − p): 90 % at 1, 99 % at 2, 99.9 % at 3), so the
/// tail gets the room; the fastest and slowest round trips close the curve at both ends.
/// </summary>
internal static class PercentileCurves
{
    // min, p50, p90, p99, p99.9, max; the max is drawn one step past p99.9 (its true rank depends on the sample count).
    static readonly double[] Positions = [0, -Math.Log10(0.5), 1, 2, 3, 4];
    static readonly string[] Labels = ["min", "50 %", "90 %", "99 %", "99.9 %", "max"];

    public static Plot Create(IReadOnlyList<LabelledRun> runs, string peers, Placement placement, long size)
    {
        var plot = Figure.New($"Round-trip distribution at {IpcBench.Util.SizeParser.Format(size)} ({peers}, {placement.Name()})",
            "percentile", "round trip, log scale");
        var values = new List<double>();
        var variants = CellSeries.Variants(runs.Select(r => r.Run), Workload.Latency, peers, placement);
        var shown = new List<string>();
        for (int i = 0; i < runs.Count; i++)
        {
            foreach (var group in CellSeries.ByVariant(runs[i].Run, Workload.Latency, peers, placement))
            {
                var cell = group.FirstOrDefault(c => c.Size == size);
                if (cell?.Latency is not { } l) continue;
                double[] ys = [l.MinNs, l.P50Ns, l.P90Ns, l.P99Ns, l.P999Ns, l.MaxNs];
                if (ys.Any(v => v <= 0)) continue;
                var line = plot.Add.Scatter(Positions, ys.Select(LogAxis.ToLog).ToArray(),
                    SeriesStyle.ForResult(SeriesStyle.ForTransport(group.Key), i, runs.Count));
                line.LineWidth = 2;
                line.MarkerShape = SeriesStyle.ForResultMarker(i);
                line.MarkerSize = 7;
                values.AddRange(ys);
                if (!shown.Contains(group.Key)) shown.Add(group.Key);
            }
        }
        if (values.Count == 0)
        {
            plot.Add.Annotation($"no latency cell at {IpcBench.Util.SizeParser.Format(size)}");
            return plot;
        }
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int k = 0; k < Positions.Length; k++)
            ticks.AddMajor(Positions[k], Labels[k]);
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsX(-0.2, 4.2);
        plot.Axes.Left.TickGenerator = LogAxis.DecadeTicks(values.Min(), values.Max(), LogAxis.Nanoseconds);
        LogAxis.FitY(plot, values.Min(), values.Max());
        Legend.TransportsAndRuns(plot, variants.Where(shown.Contains).ToList(), runs.Select(r => r.Label).ToList());
        return plot;
    }
}

using ScottPlot;

namespace IpcBench.Reports.Plots;

/// <summary>
/// Legends built by hand: one entry per transport (its colour) and, with several results, one
/// per result (its marker), instead of one entry per transport x result.
/// </summary>
internal static class Legend
{
    public static void TransportsAndRuns(Plot plot, IReadOnlyList<string> variants, IReadOnlyList<string> runLabels)
    {
        foreach (var v in variants)
        {
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = v,
                LineColor = SeriesStyle.ForTransport(v),
                LineWidth = 3,
                MarkerShape = MarkerShape.FilledCircle,
                MarkerFillColor = SeriesStyle.ForTransport(v),
                MarkerLineColor = SeriesStyle.ForTransport(v),
                MarkerSize = 7,
            });
        }
        if (runLabels.Count > 1)
        {
            for (int i = 0; i < runLabels.Count; i++)
            {
                plot.Legend.ManualItems.Add(new LegendItem
                {
                    LabelText = runLabels[i],
                    LineColor = SeriesStyle.ForResult(Colors.Black, i, runLabels.Count),
                    LineWidth = 2,
                    MarkerShape = SeriesStyle.ForResultMarker(i),
                    MarkerFillColor = SeriesStyle.ForResult(Colors.Black, i, runLabels.Count),
                    MarkerLineColor = SeriesStyle.ForResult(Colors.Black, i, runLabels.Count),
                    MarkerSize = 7,
                });
            }
        }
        Figure.LegendRight(plot);
    }
}

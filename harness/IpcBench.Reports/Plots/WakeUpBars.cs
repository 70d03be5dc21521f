using System.Globalization;
using IpcBench.Results;
using ScottPlot;

namespace IpcBench.Reports.Plots;

/// <summary>
/// Beside the copies: what one wake-up costs (µs, ± one standard error) per transport and peer pair, from the
/// fixed + wake-ups + bytes fit; each bar is labelled with the wake-ups per round trip.
/// </summary>
internal static class WakeUpBars
{
    public static bool HasData(IEnumerable<RunResult> runs, Placement placement) =>
        runs.SelectMany(r => r.CopyModel).Any(m => m.Placement == placement && m.Status == ModelStatus.Ok && m.NsPerWakeUp is not null);

    public static Plot Create(IReadOnlyList<LabelledRun> runs, Placement placement)
    {
        var plot = Figure.New($"Cost of one wake-up ({placement.Name()})", "transport", "µs per wake-up");
        var layout = new ModelBars(runs, placement, m => m.NsPerWakeUp is not null);
        if (layout.IsEmpty)
        {
            plot.Add.Annotation("no wake-up cost fitted (wake-ups did not vary apart from size)");
            return plot;
        }
        var bars = layout.Bars().Select(b => new Bar
        {
            Position = b.X, Value = b.Model.NsPerWakeUp!.Value / 1000, Size = layout.BarWidth * 0.9,
            FillColor = layout.ColorOf(b.Series), LineColor = layout.ColorOf(b.Series),
            Error = (b.Model.NsPerWakeUpStdError ?? 0) / 1000,
            Label = b.Model.WakeUpsPerRoundTrip is { } w ? w.ToString("0.#", CultureInfo.InvariantCulture) + "/rt" : "",
        }).ToList();
        plot.Add.Bars(bars).ValueLabelStyle.FontSize = 10;
        layout.Axis(plot);
        double top = bars.Max(b => b.Value + b.Error), bottom = Math.Min(0, bars.Min(b => b.Value - b.Error));
        plot.Axes.SetLimitsY(bottom < 0 ? bottom * 1.15 : 0, top * 1.15 + 0.1);
        plot.Add.HorizontalLine(0, 1, Colors.Black.WithAlpha(0.6));
        layout.Legend(plot);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "label: wake-ups per round trip", LineColor = Colors.Gray, LineWidth = 1 });
        Figure.LegendRight(plot);
        return plot;
    }
}

using IpcBench.Reports.Text;
using IpcBench.Results;
using ScottPlot;

namespace IpcBench.Reports.Plots;

/// <summary>
/// The copy model as bars: effective copies of memcpy per byte and direction, per transport, one
/// bar per peer pair (colour) and result (earlier results paler). The black tick on a bar is what the textbook claim predicts for
/// that same run: its textbook copies plus the peers' own work in memcpy units
/// (<c>effective − beyond_own + textbook</c>), so a bar reaching its tick matches the claim. Whiskers are ± one
/// standard error of the fit; a bar whose slope is not resolved (see CopyModelEntry.SlopeResolved) is pale and marked "n/r".
/// </summary>
internal static class CopyBars
{
    static readonly Color[] SeriesColors =
    [
        Color.FromHex("#4c72b0"), Color.FromHex("#dd8452"), Color.FromHex("#55a868"), Color.FromHex("#c44e52"),
        Color.FromHex("#8172b3"), Color.FromHex("#937860"), Color.FromHex("#da8bc3"), Color.FromHex("#8c8c8c"),
    ];

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

    public static bool HasData(IEnumerable<RunResult> runs, Placement placement) =>
        runs.SelectMany(r => r.CopyModel).Any(m => m.Placement == placement && m.Status == ModelStatus.Ok && m.EffectiveCopies is not null);

    public static Plot Create(IReadOnlyList<LabelledRun> runs, Placement placement)
    {
        var plot = Figure.New($"Effective copies per byte and direction ({placement.Name()})",
            "transport", "copies of memcpy (per byte, one direction)");
        var entries = runs.SelectMany((r, i) => r.Run.CopyModel
                .Where(m => m.Placement == placement && m.Status == ModelStatus.Ok && m.EffectiveCopies is not null)
                .Select(m => (Run: i, Model: m)))
            .ToList();
        var groups = entries.Select(e => Figures.Transport(e.Model.Transport, e.Model.Wait, e.Model.Yield)).Distinct().ToList();
        var series = entries.Select(e => (e.Run, e.Model.Peers)).Distinct().OrderBy(x => x.Peers, StringComparer.Ordinal).ThenBy(x => x.Run).ToList();
        var peerPairs = series.Select(x => x.Peers).Distinct().ToList();
        Color ColorOf((int Run, string Peers) x) =>
            SeriesStyle.ForResult(SeriesColors[peerPairs.IndexOf(x.Peers) % SeriesColors.Length], x.Run, runs.Count);
        if (entries.Count == 0)
        {
            plot.Add.Annotation("no copy model (needs ok latency cells at 2 or more sizes and the memcpy floor)");
            return plot;
        }

        const double groupWidth = 0.8;
        double barWidth = groupWidth / series.Count;
        var bars = new List<Bar>();
        var claims = new List<(double X, double Y)>();
        bool anyUnresolved = false;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        double top, bottom;
        for (int g = 0; g < groups.Count; g++)
        {
            ticks.AddMajor(g, groups[g]);
            for (int s = 0; s < series.Count; s++)
            {
                var hit = entries.FirstOrDefault(e => e.Run == series[s].Run && e.Model.Peers == series[s].Peers &&
                                                      Figures.Transport(e.Model.Transport, e.Model.Wait, e.Model.Yield) == groups[g]);
                if (hit.Model is null) continue;
                double x = g - groupWidth / 2 + barWidth * (s + 0.5);
                double v = hit.Model.EffectiveCopies!.Value;
                // A slope lost in the round-trip noise gives a number that means nothing: drawn pale and marked.
                bool unresolved = hit.Model.SlopeResolved == false;
                anyUnresolved |= unresolved;
                var color = unresolved ? ColorOf(series[s]).WithAlpha(0.3) : ColorOf(series[s]);
                bars.Add(new Bar
                {
                    Position = x, Value = v, Size = barWidth * 0.9,
                    FillColor = color, LineColor = ColorOf(series[s]),
                    Error = hit.Model.CopiesStdError ?? 0,
                    // Value labels only while the bars are wide enough to carry them; the report's table has every number.
                    Label = groups.Count * series.Count > 16 ? "" : unresolved ? "n/r"
                        : v.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
                });
                if (hit.Model is { TextbookCopies: { } textbook, CopiesBeyondOwn: { } beyond })
                {
                    claims.Add((x, v - beyond + textbook));
                }
            }
        }
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 10;
        // After the bars, so the claim ticks are drawn on top of them.
        foreach (var (x, y) in claims)
        {
            var tick = plot.Add.Line(x - barWidth * 0.45, y, x + barWidth * 0.45, y);
            tick.LineColor = Colors.Black;
            tick.LineWidth = 3;
        }
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        if (groups.Count > 5 || groups.Any(g => g.Length > 10))
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            plot.Axes.Bottom.MinimumSize = 35 + 3.5f * groups.Max(g => g.Length);
        }
        plot.Axes.SetLimitsX(-0.6, groups.Count - 0.4);
        (bottom, top) = VisibleRange(bars.Select(b => b.Value).Concat(claims.Select(c => c.Y)).ToList());
        plot.Axes.SetLimitsY(bottom, top);
        // A fit gone wild (noisy points) would squash every other bar: it is drawn to the edge and its value written there.
        foreach (var b in bars.Where(b => b.Value > top || b.Value < bottom))
        {
            bool up = b.Value > top;
            var note = plot.Add.Text($"{b.Value.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} {(up ? "↑" : "↓")}",
                b.Position, up ? top : bottom);
            note.LabelFontSize = 11;
            note.LabelBold = true;
            note.LabelAlignment = up ? Alignment.UpperCenter : Alignment.LowerCenter;
        }
        plot.Add.HorizontalLine(0, 1, Colors.Black.WithAlpha(0.6));

        for (int s = 0; s < series.Count; s++)
        {
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = runs.Count > 1 ? $"{series[s].Peers} · {runs[series[s].Run].Label}" : series[s].Peers,
                FillColor = ColorOf(series[s]),
                LineColor = ColorOf(series[s]),
            });
        }
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "textbook claim + own work", LineColor = Colors.Black, LineWidth = 3 });
        if (anyUnresolved)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "pale, n/r: per-byte cost not resolved above the noise", FillColor = Colors.Gray.WithAlpha(0.3) });
        Figure.LegendRight(plot);
        return plot;
    }
}

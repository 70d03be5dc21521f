using IpcBench.Reports.Text;
using IpcBench.Results;
using ScottPlot;

namespace IpcBench.Reports.Plots;

/// <summary>
/// The layout the copy-model figures share: one group of bars per transport variant, one bar per peer pair
/// (colour) and result (earlier results paler), a whisker of ± one standard error, and transport labels that
/// never overprint (two lines, "mmap-file" over "futex", instead of one long rotated label).
/// </summary>
internal sealed class ModelBars
{
    static readonly Color[] SeriesColors =
    [
        Color.FromHex("#4c72b0"), Color.FromHex("#dd8452"), Color.FromHex("#55a868"), Color.FromHex("#c44e52"),
        Color.FromHex("#8172b3"), Color.FromHex("#937860"), Color.FromHex("#da8bc3"), Color.FromHex("#8c8c8c"),
    ];

    const double GroupWidth = 0.8;

    readonly IReadOnlyList<LabelledRun> _runs;
    readonly List<(int Run, CopyModelEntry Model)> _entries;
    readonly List<string> _peerPairs;

    public IReadOnlyList<string> Groups { get; }
    public IReadOnlyList<(int Run, string Peers)> Series { get; }
    public double BarWidth => GroupWidth / Math.Max(1, Series.Count);

    public ModelBars(IReadOnlyList<LabelledRun> runs, Placement placement, Func<CopyModelEntry, bool> shown)
    {
        _runs = runs;
        _entries = runs.SelectMany((r, i) => r.Run.CopyModel.Where(m => m.Placement == placement && m.Status == ModelStatus.Ok && shown(m)).Select(m => (i, m))).ToList();
        Groups = _entries.Select(e => Variant(e.Model)).Distinct().ToList();
        Series = _entries.Select(e => (e.Run, e.Model.Peers)).Distinct().OrderBy(x => x.Peers, StringComparer.Ordinal).ThenBy(x => x.Run).ToList();
        _peerPairs = Series.Select(x => x.Peers).Distinct().ToList();
    }

    public bool IsEmpty => _entries.Count == 0;

    public static string Variant(CopyModelEntry m) => Figures.Transport(m.Transport, m.Wait, m.Yield);

    public Color ColorOf((int Run, string Peers) s) =>
        SeriesStyle.ForResult(SeriesColors[_peerPairs.IndexOf(s.Peers) % SeriesColors.Length], s.Run, _runs.Count);

    /// <summary>Every (x position, series, model) to draw, group by group.</summary>
    public IEnumerable<(double X, (int Run, string Peers) Series, CopyModelEntry Model)> Bars()
    {
        for (int g = 0; g < Groups.Count; g++)
        for (int s = 0; s < Series.Count; s++)
        {
            var hit = _entries.FirstOrDefault(e => e.Run == Series[s].Run && e.Model.Peers == Series[s].Peers && Variant(e.Model) == Groups[g]);
            if (hit.Model is null) continue;
            yield return (g - GroupWidth / 2 + BarWidth * (s + 0.5), Series[s], hit.Model);
        }
    }

    /// <summary>Transport labels under the groups: "mmap-file/futex" on two lines, so neighbours never touch.</summary>
    public void Axis(Plot plot)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int g = 0; g < Groups.Count; g++)
            ticks.AddMajor(g, Groups[g].Replace("/", "\n", StringComparison.Ordinal));
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.TickLabelStyle.FontSize = Groups.Count > 6 ? 10 : 12;
        plot.Axes.Bottom.MinimumSize = 50;
        plot.Axes.SetLimitsX(-0.6, Groups.Count - 0.4);
    }

    public void Legend(Plot plot)
    {
        foreach (var s in Series)
        {
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = _runs.Count > 1 ? $"{s.Peers} · {_runs[s.Run].Label}" : s.Peers,
                FillColor = ColorOf(s),
                LineColor = ColorOf(s),
            });
        }
    }
}

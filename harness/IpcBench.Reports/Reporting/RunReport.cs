using System.Text;
using IpcBench.Reports.Inputs;
using IpcBench.Reports.Plots;
using IpcBench.Reports.Text;
using IpcBench.Results;
using IpcBench.Util;
using static IpcBench.Reports.Text.MarkdownText;

namespace IpcBench.Reports.Reporting;

/// <summary>What <c>ipcbench report</c> can be asked for.</summary>
public sealed record ReportOptions
{
    /// <summary>Message size of the latency-distribution figure; null: 4K if measured, else the smallest latency size.</summary>
    public long? PercentileSize { get; init; }
    public LabelBy Labels { get; init; } = LabelBy.Auto;
}

/// <summary>The files a report consists of.</summary>
public sealed record ReportOutput(string MarkdownPath, IReadOnlyList<FigureFiles> Figures);

/// <summary>
/// <c>ipcbench report</c>: a self-contained Markdown report (<c>report.md</c>) with its figures
/// as SVG and PNG in the same folder. One result gives its figures; several (kernels, commits,
/// machines) are overlaid in the same figures, each result with its own marker.
/// </summary>
public static class RunReport
{
    public const string MarkdownName = "report.md";

    public static ReportOutput Write(IReadOnlyList<LoadedRun> inputs, string outDir, ReportOptions? options = null)
    {
        options ??= new ReportOptions();
        if (inputs.Count == 0) throw new UsageException("report needs at least one run result");
        if (File.Exists(outDir)) throw new UsageException($"--out {outDir}: a file, not a folder");
        var labels = RunLabels.For(inputs.Select(i => i.Run).ToList(), options.Labels);
        var runs = inputs.Select((r, i) => new LabelledRun(labels[i], r.Run)).ToList();
        long? size = ChoosePercentileSize(runs.Select(r => r.Run).ToList(), options.PercentileSize);
        Directory.CreateDirectory(outDir);

        var figures = new List<FigureFiles>();
        var md = new StringBuilder();
        md.Append("# IpcBench report\n\n");
        md.Append(runs.Count == 1 ? "One run" : $"{runs.Count} runs, overlaid in every figure (one marker per run)")
          .Append(". Each figure is a PNG; the SVG beside it is the same figure as vector graphics.\n\n");
        RunsTable(md, runs);

        var latencyPanels = CellSeries.Panels(runs.Select(r => r.Run), Workload.Latency);
        var throughputPanels = CellSeries.Panels(runs.Select(r => r.Run), Workload.Throughput);
        if (latencyPanels.Count > 0)
        {
            md.Append("## Round trip vs message size\n\n");
            md.Append("Median round trip (p50) of every measured latency cell, log-log: the fixed cost per message on the left, the cost per byte on the right.\n\n");
            foreach (var (peers, placement) in latencyPanels)
            {
                var fig = Figure.Save(SizeCurves.RoundTrip(runs, peers, placement), outDir, Figure.Slug($"rtt-{peers}-{placement.Name()}"),
                    $"Round trip, {peers}, {placement.Name()}");
                figures.Add(fig);
                Embed(md, fig);
                ValueTable(md, runs, Workload.Latency, peers, placement);
            }
        }
        if (throughputPanels.Count > 0)
        {
            md.Append("## Throughput vs message size\n\n");
            md.Append("One-way stream, timed at the receiver; MB/s with MB = 10^6 bytes, log-log.\n\n");
            foreach (var (peers, placement) in throughputPanels)
            {
                var fig = Figure.Save(SizeCurves.Throughput(runs, peers, placement), outDir, Figure.Slug($"throughput-{peers}-{placement.Name()}"),
                    $"Throughput, {peers}, {placement.Name()}");
                figures.Add(fig);
                Embed(md, fig);
                ValueTable(md, runs, Workload.Throughput, peers, placement);
            }
        }
        if (size is { } s && latencyPanels.Count > 0)
        {
            md.Append("## Round-trip distribution at ").Append(SizeParser.Format(s)).Append("\n\n");
            md.Append("Percentiles of every round trip of the cell (HdrHistogram, 3 significant digits); the horizontal axis is in nines, so the tail gets the room. `--size` picks another size.\n\n");
            foreach (var (peers, placement) in latencyPanels)
            {
                var fig = Figure.Save(PercentileCurves.Create(runs, peers, placement, s), outDir,
                    Figure.Slug($"percentiles-{peers}-{placement.Name()}-{SizeParser.Format(s)}"), $"Round-trip percentiles at {SizeParser.Format(s)}, {peers}, {placement.Name()}");
                figures.Add(fig);
                Embed(md, fig);
            }
        }
        var placements = runs.SelectMany(r => r.Run.CopyModel).Select(m => m.Placement).Distinct().ToList();
        if (placements.Any(p => CopyBars.HasData(runs.Select(r => r.Run), p)))
        {
            md.Append("## Copy model: copies and wake-ups\n\n");
            md.Append("Per transport, the median round trip fitted as fixed + ns/wake-up x wake-ups + ns/B x size (docs/copy-model.md). ")
              .Append("Left: copies per byte and direction beyond the peers' own work, in units of `memcpy` for the kernel-copy transports and of the ")
              .Append("cross-CPU hand-off for shared memory, ± one standard error; the black tick is the textbook (2 and 0). Right: the cost of one wake-up.\n\n");
            foreach (var p in placements.Where(p => CopyBars.HasData(runs.Select(r => r.Run), p)))
            {
                var fig = Figure.Save(CopyBars.Create(runs, p), outDir, Figure.Slug($"copies-{p.Name()}"), $"Copies, {p.Name()}");
                figures.Add(fig);
                if (WakeUpBars.HasData(runs.Select(r => r.Run), p))
                {
                    var wake = Figure.Save(WakeUpBars.Create(runs, p), outDir, Figure.Slug($"wake-ups-{p.Name()}"), $"Wake-up cost, {p.Name()}");
                    figures.Add(wake);
                    EmbedSideBySide(md, fig, wake);
                }
                else
                    Embed(md, fig);
            }
            CopyTable(md, runs);
        }
        NotMeasured(md, runs);
        string mdPath = Path.Combine(outDir, MarkdownName);
        AtomicFile.WriteAllText(mdPath, md.ToString());
        return new ReportOutput(mdPath, figures);
    }

    /// <summary>The size of the percentile figure: the one asked for (it must have been measured), else 4K, else the smallest.</summary>
    public static long? ChoosePercentileSize(IReadOnlyList<RunResult> runs, long? asked)
    {
        var sizes = runs.SelectMany(r => r.Cells)
            .Where(c => c.Status == CellStatus.Ok && c.Workload == Workload.Latency && c.Latency is not null)
            .Select(c => c.Size).Distinct().Order().ToList();
        if (asked is { } a)
        {
            return sizes.Contains(a)
                ? a
                : throw new UsageException($"--size {SizeParser.Format(a)}: no measured latency cell of that size; measured: " +
                                           (sizes.Count == 0 ? "none" : string.Join(", ", sizes.Select(SizeParser.Format))));
        }
        return sizes.Count == 0 ? null : sizes.Contains(4096) ? 4096 : sizes[0];
    }

    static void RunsTable(StringBuilder md, IReadOnlyList<LabelledRun> runs)
    {
        md.Append("| run | id | started | kernel | commit | host | CPU | profile | cells ok / failed / skipped |\n");
        md.Append("|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < runs.Count; i++)
        {
            var r = runs[i].Run;
            var e = r.Environment;
            var s = r.Summary;
            md.Append("| ").Append(Cell(runs[i].Label)).Append(" | ").Append(Code(r.RunId))
              .Append(" | ").Append(Figures.Instant(r.StartedUtc))
              .Append(" | ").Append(Cell(e.KernelRelease ?? "–"))
              .Append(" | ").Append(e.GitCommit is { Length: > 0 } c ? Code(c[..Math.Min(10, c.Length)]) + (e.GitDirty == true ? " (dirty)" : "") : "–")
              .Append(" | ").Append(Cell(e.Hostname ?? "–"))
              .Append(" | ").Append(Cell($"{e.CpuModel ?? "?"} x{e.CpuCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}"))
              .Append(" | ").Append(Cell(r.Settings.Profile))
              .Append(" | ").Append(s.Ok).Append(" / ").Append(s.Failed).Append(" / ").Append(s.Skipped).Append(" |\n");
        }
        md.Append('\n');
    }

    static void Embed(StringBuilder md, FigureFiles fig)
    {
        string png = Path.GetFileName(fig.PngPath), svg = Path.GetFileName(fig.SvgPath);
        md.Append("![").Append(fig.Title).Append("](").Append(png).Append(")\n\n");
        md.Append('[').Append(svg).Append("](").Append(svg).Append(")\n\n");
    }

    /// <summary>Two figures in one row (half width each), each linking its SVG.</summary>
    static void EmbedSideBySide(StringBuilder md, FigureFiles left, FigureFiles right)
    {
        foreach (var fig in new[] { left, right })
            md.Append("<a href=\"").Append(Path.GetFileName(fig.SvgPath)).Append("\"><img src=\"").Append(Path.GetFileName(fig.PngPath))
              .Append("\" alt=\"").Append(fig.Title).Append("\" width=\"49%\"></a>");
        md.Append("\n\n");
    }

    /// <summary>The figure's numbers: one row per transport (and run), one column per size.</summary>
    static void ValueTable(StringBuilder md, IReadOnlyList<LabelledRun> runs, Workload workload, string peers, Placement placement)
    {
        var rows = new List<(string Variant, string Run, Dictionary<long, double> Values)>();
        var sizes = new SortedSet<long>();
        foreach (var r in runs)
        {
            foreach (var g in CellSeries.ByVariant(r.Run, workload, peers, placement))
            {
                var values = g.ToDictionary(c => c.Size, c => workload == Workload.Latency ? (double)c.Latency!.P50Ns : c.Throughput!.MbPerS);
                sizes.UnionWith(values.Keys);
                rows.Add((g.Key, r.Label, values));
            }
        }
        if (rows.Count == 0) return;
        bool several = runs.Count > 1;
        md.Append("| transport |").Append(several ? " run |" : "");
        foreach (var s in sizes) md.Append(' ').Append(SizeParser.Format(s)).Append(" |");
        md.Append("\n|---|").Append(several ? "---|" : "");
        foreach (var _ in sizes) md.Append("---:|");
        md.Append('\n');
        var order = CellSeries.Variants(runs.Select(r => r.Run), workload, peers, placement).ToList();
        var labels = runs.Select(x => x.Label).ToList();
        foreach (var row in rows.OrderBy(r => order.IndexOf(r.Variant)).ThenBy(r => labels.IndexOf(r.Run)))
        {
            md.Append("| ").Append(Cell(row.Variant)).Append(" |").Append(several ? $" {Cell(row.Run)} |" : "");
            foreach (var s in sizes)
                md.Append(' ').Append(row.Values.TryGetValue(s, out var v) ? Figures.Value(v, workload) : "–").Append(" |");
            md.Append('\n');
        }
        md.Append('\n');
    }

    static void CopyTable(StringBuilder md, IReadOnlyList<LabelledRun> runs)
    {
        bool several = runs.Count > 1;
        md.Append("| transport | peers | placement |").Append(several ? " run |" : "")
          .Append(" fixed ns/msg | µs/wake-up | wake-ups/rt | ns/KiB/dir | copies beyond own (memcpy) | (hand-off) | CPU time (memcpy) | textbook |\n");
        md.Append("|---|---|---|").Append(several ? "---|" : "").Append("---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var r in runs)
        foreach (var m in r.Run.CopyModel)
        {
            md.Append("| ").Append(Cell(Figures.Transport(m.Transport, m.Wait, m.Yield))).Append(" | ").Append(Cell(m.Peers)).Append(" | ").Append(m.Placement.Name()).Append(" |")
              .Append(several ? $" {Cell(r.Label)} |" : "");
            if (m.Status != ModelStatus.Ok)
            {
                md.Append(' ').Append(Cell(m.Reason ?? "absent")).Append(" | | | | | | | |\n");
                continue;
            }
            md.Append(' ').Append(Err(m.FixedNsPerMessage, m.FixedNsPerMessageStdError, 0))
              .Append(" | ").Append(Err(m.NsPerWakeUp / 1000, m.NsPerWakeUpStdError / 1000, 1))
              .Append(" | ").Append(Num(m.WakeUpsPerRoundTrip, 1))
              .Append(" | ").Append(Err(m.NsPerBytePerDirection * 1024, m.NsPerBytePerDirectionStdError * 1024, 1))
              .Append(" | ").Append(m.SlopeResolved == false ? "unresolved" : Err(m.CopiesBeyondOwn, m.CopiesStdError, 2))
              .Append(" | ").Append(m.SlopeResolved == false ? "unresolved" : Err(m.HandoffsBeyondOwn, m.HandoffsStdError, 2))
              .Append(" | ").Append(m.Cpu is { Status: ModelStatus.Ok } c ? Err(c.CopiesBeyondOwn, c.CopiesStdError, 2) + (c.AgreesWithRoundTrip == false ? " (disagrees)" : "") : "–")
              .Append(" | ").Append(Num(m.TextbookCopies, 0)).Append(" |\n");
        }
        md.Append('\n');
        var verdicts = runs.SelectMany(r => r.Run.CopyModel.Where(m => m.Verdict is not null).Select(m => (r.Label, m.Verdict!))).ToList();
        if (verdicts.Count > 0)
        {
            foreach (var (label, v) in verdicts)
                md.Append("- ").Append(several ? Cell(label) + ": " : "").Append(Cell(v)).Append('\n');
            md.Append('\n');
        }
    }

    static string Err(double? v, double? se, int decimals) =>
        v is { } d && double.IsFinite(d) ? Figures.Number(d, decimals) + (se is { } e && double.IsFinite(e) ? " ± " + Figures.Number(e, decimals) : "") : "–";

    static void NotMeasured(StringBuilder md, IReadOnlyList<LabelledRun> runs)
    {
        var lines = runs.SelectMany(r => r.Run.Cells.Where(c => c.Status != CellStatus.Ok).Select(c => (r.Label, Cell: c))).ToList();
        if (lines.Count == 0) return;
        md.Append("## Cells not measured\n\n");
        md.Append("| run | transport | peers | workload | size | placement | status | reason |\n|---|---|---|---|---:|---|---|---|\n");
        foreach (var (label, c) in lines)
        {
            md.Append("| ").Append(Cell(label)).Append(" | ").Append(Cell(Figures.Transport(c.Transport, c.Wait, c.Yield))).Append(" | ").Append(Cell(c.Peers.Name))
              .Append(" | ").Append(c.Workload.Name()).Append(" | ").Append(SizeParser.Format(c.Size)).Append(" | ").Append(c.Placement.Name())
              .Append(" | ").Append(c.Status.Name()).Append(" | ").Append(Cell(c.Reason)).Append(" |\n");
        }
        md.Append('\n');
    }

    static string Num(double? v, int decimals) => v is { } d && double.IsFinite(d) ? Figures.Number(d, decimals) : "–";
}

using System.Text;
using IpcBench.Reports.Comparison;
using IpcBench.Reports.Plots;
using IpcBench.Reports.Text;
using IpcBench.Results;
using IpcBench.Util;
using static IpcBench.Reports.Text.MarkdownText;

namespace IpcBench.Reports.History;

/// <summary><c>ipcbench history</c> output: <c>history.md</c> and one trend figure (SVG and PNG) per workload, peer pair and placement.</summary>
public static class HistoryReport
{
    public const string MarkdownName = "history.md";

    public static ReportFiles Write(HistoryResult h, string outDir)
    {
        if (File.Exists(outDir)) throw new UsageException($"--out {outDir}: a file, not a folder");
        Directory.CreateDirectory(outDir);
        var figures = new List<FigureFiles>();
        var md = new StringBuilder();
        md.Append("# IpcBench history\n\n");
        md.Append(h.Runs.Count).Append(" runs, oldest first. A ring marks a run where `ipcbench compare` against the run before it flags the cell: ")
          .Append("red a regression, green an improvement (change beyond ").Append(h.Threshold)
          .Append(" and two-sided Mann-Whitney U significant at ").Append(h.Confidence).Append("). The thin vertical bars span each run's repetitions.\n\n");
        md.Append("| # | run | id | started | kernel | commit |\n|---:|---|---|---|---|---|\n");
        for (int i = 0; i < h.Runs.Count; i++)
        {
            var r = h.Runs[i];
            md.Append("| ").Append(i).Append(" | ").Append(Cell(h.Labels[i])).Append(" | ").Append(Code(r.RunId)).Append(" | ").Append(Figures.Instant(r.StartedUtc))
              .Append(" | ").Append(Cell(r.Environment.KernelRelease ?? "–")).Append(" | ")
              .Append(r.Environment.GitCommit is { Length: > 0 } c ? Code(c[..Math.Min(10, c.Length)]) : "–").Append(" |\n");
        }
        md.Append('\n');

        var regressions = h.Regressions.ToList();
        md.Append("## Flagged\n\n");
        if (regressions.Count == 0)
            md.Append("No regression between consecutive runs.\n\n");
        else
        {
            md.Append("| run | transport | peers | workload | size | placement | before | after | change | p |\n|---|---|---|---|---:|---|---:|---:|---:|---:|\n");
            foreach (var (cell, p) in regressions)
            {
                var c = p.AgainstPrevious!;
                md.Append("| ").Append(Cell(h.Labels[p.Run])).Append(" | ").Append(Cell(Figures.Transport(c.Transport, c.Wait, c.Yield))).Append(" | ").Append(Cell(c.Peers))
                  .Append(" | ").Append(c.Workload.Name()).Append(" | ").Append(SizeParser.Format(c.Size)).Append(" | ").Append(c.Placement.Name())
                  .Append(" | ").Append(Figures.Value(c.BaselineMedian, c.Workload)).Append(" | ").Append(c.Outcome == CellOutcome.Broken ? "failed" : Figures.Value(c.CurrentMedian, c.Workload))
                  .Append(" | ").Append(Figures.Change(c.Change)).Append(" | ").Append(Figures.P(c.Test?.PValue)).Append(" |\n");
            }
            md.Append('\n');
        }

        var steps = h.Cells.SelectMany(c => c.ChangePoints.Select(p => (Cell: c, Point: p))).OrderBy(x => x.Point.Run).ToList();
        md.Append("## Change points (E-divisive means)\n\n");
        md.Append("Each cell's series of medians split where its level changes, by E-divisive means (energy distance, permutation test at p ≤ ")
          .Append(Figures.P(Statistics.EDivisive.DefaultPValue)).Append(", at least ").Append(Statistics.EDivisive.DefaultMinSize)
          .Append(" runs per level): a step is reported once, at the first run of the new level.\n\n");
        if (steps.Count == 0)
            md.Append("No change point.\n\n");
        else
        {
            md.Append("| first run of the new level | commit | transport | peers | workload | size | placement | before | after | change | p |\n|---|---|---|---|---|---:|---|---:|---:|---:|---:|\n");
            foreach (var (cell, p) in steps)
            {
                var id = cell.Identity;
                var commit = h.Runs[p.Run].Environment.GitCommit;
                md.Append("| ").Append(Cell(h.Labels[p.Run])).Append(" | ").Append(commit is { Length: > 0 } gc ? Code(gc[..Math.Min(10, gc.Length)]) : "–")
                  .Append(" | ").Append(Cell(Figures.Transport(id.Transport, id.Wait, id.Yield))).Append(" | ").Append(Cell(id.Peers.Name))
                  .Append(" | ").Append(id.Workload.Name()).Append(" | ").Append(SizeParser.Format(id.Size)).Append(" | ").Append(id.Placement.Name())
                  .Append(" | ").Append(Figures.Value(p.Before, id.Workload)).Append(" | ").Append(Figures.Value(p.After, id.Workload))
                  .Append(" | ").Append(Figures.Change(p.Change)).Append(" | ").Append(Figures.P(p.PValue)).Append(" |\n");
            }
            md.Append('\n');
        }

        foreach (var group in h.Cells.GroupBy(c => (c.Identity.Workload, Peers: c.Identity.Peers.Name, c.Identity.Placement)))
        {
            var (workload, peers, placement) = group.Key;
            var cells = group.ToList();
            var fig = Figure.Save(TrendPlot.Create(h, cells, workload, peers, placement), outDir,
                Figure.Slug($"history-{workload.Name()}-{peers}-{placement.Name()}"), $"{workload.Name()} over runs, {peers}, {placement.Name()}");
            figures.Add(fig);
            md.Append("## ").Append(workload == Workload.Latency ? "Round trip" : "Throughput").Append(", ").Append(Cell(peers)).Append(", ").Append(placement.Name()).Append("\n\n");
            md.Append("![").Append(fig.Title).Append("](").Append(Path.GetFileName(fig.PngPath)).Append(")\n\n");
            md.Append('[').Append(Path.GetFileName(fig.SvgPath)).Append("](").Append(Path.GetFileName(fig.SvgPath)).Append(")\n\n");
            ValueTable(md, h, cells);
        }
        string path = Path.Combine(outDir, MarkdownName);
        AtomicFile.WriteAllText(path, md.ToString());
        return new ReportFiles(path, figures);
    }

    /// <summary>One row per run, one column per cell; flagged values carry the change.</summary>
    static void ValueTable(StringBuilder md, HistoryResult h, IReadOnlyList<CellHistory> cells)
    {
        md.Append("| run |");
        foreach (var c in cells)
            md.Append(' ').Append(Cell(Figures.Transport(c.Identity.Transport, c.Identity.Wait, c.Identity.Yield))).Append(' ').Append(SizeParser.Format(c.Identity.Size)).Append(" |");
        md.Append("\n|---|");
        foreach (var _ in cells) md.Append("---:|");
        md.Append('\n');
        for (int i = 0; i < h.Runs.Count; i++)
        {
            md.Append("| ").Append(Cell(h.Labels[i])).Append(" |");
            foreach (var c in cells)
            {
                var p = c.Points[i];
                string v = p.Status is null ? "·" : p.Status != CellStatus.Ok ? p.Status.Value.Name() : Figures.Value(p.Value, c.Identity.Workload);
                if (p.IsRegression) v += $" 🔴 {Figures.Change(p.AgainstPrevious!.Change)}";
                else if (p.IsImprovement) v += $" 🟢 {Figures.Change(p.AgainstPrevious!.Change)}";
                md.Append(' ').Append(v).Append(" |");
            }
            md.Append('\n');
        }
        md.Append('\n');
    }
}

/// <summary>A Markdown file and the figures it shows.</summary>
public sealed record ReportFiles(string MarkdownPath, IReadOnlyList<FigureFiles> Figures);

using System.Text;
using IpcBench.Reports.Text;
using IpcBench.Results;
using static IpcBench.Reports.Text.MarkdownText;

namespace IpcBench.Reports.Comparison;

/// <summary>
/// The comparison as GitHub-flavoured Markdown, fit for a CI job summary (<c>$GITHUB_STEP_SUMMARY</c>):
/// the verdict first, then one table per kind of change, unchanged cells folded away.
/// </summary>
public static class RunComparisonMarkdown
{
    public static string Render(RunComparison r)
    {
        var sb = new StringBuilder();
        int regressions = r.Count(CellOutcome.Regression), broken = r.Count(CellOutcome.Broken);
        string verdict = r.IsWorse
            ? $"❌ {Plural(regressions, "regression")}" + (broken > 0 ? $", {broken} broken" : "")
            : "✅ no regression";
        sb.Append("## IpcBench compare: ").Append(verdict).Append("\n\n");
        sb.Append("| | baseline | current |\n|---|---|---|\n");
        Row(sb, "run", RunIds(r.Baseline), RunIds(r.Current));
        Row(sb, "started", Figures.Instant(r.Baseline.StartedUtc), Figures.Instant(r.Current.StartedUtc));
        Row(sb, "commit", r.Baseline.ShortCommit is { } bc ? Code(bc) : "–", r.Current.ShortCommit is { } cc ? Code(cc) : "–");
        Row(sb, "kernel", Cell(r.Baseline.KernelRelease ?? "–"), Cell(r.Current.KernelRelease ?? "–"));
        Row(sb, "host", Cell(r.Baseline.Hostname ?? "–"), Cell(r.Current.Hostname ?? "–"));
        Row(sb, "CPU", Cell(r.Baseline.CpuModel ?? "–"), Cell(r.Current.CpuModel ?? "–"));
        Row(sb, "profile", Cell(r.Baseline.Profile ?? "–"), Cell(r.Current.Profile ?? "–"));
        sb.Append('\n');
        sb.Append("A cell regresses when its median (of the per-repetition median round trips, or MB/s) moves by more than ")
          .Append(r.Threshold).Append(" in the worse direction **and** the two-sided Mann-Whitney U test over the repetitions is significant at ")
          .Append(r.Confidence).Append(" (p ≤ ").Append(Figures.P(r.Confidence.Alpha)).Append(")")
          .Append(r.Baseline.PooledRunIds is not null ? ", **and** the move is larger than the baseline history's runs allow for that cell (the prediction bound of one more run of its code at the same confidence)" : "")
          .Append(". A change on a cell whose sides were disturbed differently (steal, other processes on the peers' CPUs) is *inconclusive (noisy)*. ")
          .Append("Latency: lower is better; throughput: higher is better. **MDC**: the smallest slowdown the cell would be flagged for with 95 % power, given its measured noise.\n\n");

        sb.Append("| outcome | cells |\n|---|---:|\n");
        foreach (var o in OutcomeOrder.Sections)
        {
            int n = r.Count(o);
            if (n > 0)
                sb.Append("| ").Append(o.Name()).Append(" | ").Append(n).Append(" |\n");
        }
        sb.Append('\n');

        // The runs column appears only when a side is a pooled folder: two files render as they always did.
        bool pooled = r.Baseline.PooledRunIds is not null || r.Current.PooledRunIds is not null;

        // What decides the outcome stays open; the rest is folded so a CI summary stays short.
        foreach (var o in OutcomeOrder.Sections)
        {
            var cells = r.Cells.Where(c => c.Outcome == o).ToList();
            if (cells.Count == 0) continue;
            bool open = o is CellOutcome.Regression or CellOutcome.Broken or CellOutcome.Improvement or CellOutcome.Fixed;
            if (open)
            {
                sb.Append("### ").Append(OutcomeOrder.Title(o)).Append(" (").Append(cells.Count).Append(")\n\n");
                Table(sb, cells, pooled);
            }
            else
            {
                sb.Append("<details><summary>").Append(OutcomeOrder.Title(o)).Append(" (").Append(cells.Count).Append(")</summary>\n\n");
                Table(sb, cells, pooled);
                sb.Append("</details>\n\n");
            }
        }
        return sb.ToString();
    }

    static void Table(StringBuilder sb, IReadOnlyList<CellComparison> cells, bool pooled)
    {
        sb.Append("| transport | peers | workload | size | placement | baseline | current | change | p | MDC | disturbed |").Append(pooled ? " runs |" : "").Append(" note |\n");
        sb.Append("|---|---|---|---:|---|---:|---:|---:|---:|---:|---:|").Append(pooled ? "---:|" : "").Append("---|\n");
        foreach (var c in cells)
        {
            sb.Append("| ").Append(Cell(Figures.Transport(c.Transport, c.Wait, c.Yield)))
              .Append(" | ").Append(Cell(c.Peers))
              .Append(" | ").Append(c.Workload.Name())
              .Append(" | ").Append(Figures.Size(c.Size))
              .Append(" | ").Append(c.Placement.Name())
              .Append(" | ").Append(Figures.Value(c.BaselineMedian, c.Workload))
              .Append(" | ").Append(Figures.Value(c.CurrentMedian, c.Workload))
              .Append(" | ").Append(Figures.Change(c.Change))
              .Append(" | ").Append(Figures.P(c.Test?.PValue))
              .Append(" | ").Append(Figures.Mdc(c.MinimalDetectableChange))
              .Append(" | ").Append(Figures.Share(c.BaselineDisturbed)).Append(" / ").Append(Figures.Share(c.CurrentDisturbed))
              .Append(pooled ? $" | {Runs(c.BaselineRuns)} / {Runs(c.CurrentRuns)}" : "")
              .Append(" | ").Append(Cell(c.Note))
              .Append(" |\n");
        }
        sb.Append('\n');
    }

    static string Runs(int? n) => n?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "–";

    static string RunIds(RunIdentity id) =>
        id.PooledRunIds is { } ids ? $"{Plural(ids.Count, "run")} pooled, newest {Code(id.RunId)}" : Code(id.RunId);

    static void Row(StringBuilder sb, string what, string baseline, string current) =>
        sb.Append("| ").Append(what).Append(" | ").Append(baseline).Append(" | ").Append(current).Append(" |\n");

    static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}

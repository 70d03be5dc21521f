using IpcBench.Reports.Comparison;
using IpcBench.Reports.Conformance;
using IpcBench.Reports.Text;
using IpcBench.Results;
using Spectre.Console;

namespace IpcBench.Cli.Rendering;

/// <summary>The terminal view of a comparison: what changed, worst first, and one verdict line.</summary>
internal static class CompareTables
{
    public static void Print(RunComparison r, bool all, IAnsiConsole? console = null)
    {
        console ??= AnsiConsole.Console;
        console.MarkupLine($"baseline [bold]{Markup.Escape(r.Baseline.RunId)}[/] (kernel {Markup.Escape(r.Baseline.KernelRelease ?? "?")}, commit {Markup.Escape(r.Baseline.ShortCommit ?? "?")})");
        console.MarkupLine($"current  [bold]{Markup.Escape(r.Current.RunId)}[/] (kernel {Markup.Escape(r.Current.KernelRelease ?? "?")}, commit {Markup.Escape(r.Current.ShortCommit ?? "?")})");
        console.MarkupLine($"rule: median change beyond {r.Threshold}{(r.Baseline.PooledRunIds is null ? "" : " and the baseline history's run-to-run spread")} and two-sided Mann-Whitney U significant at {r.Confidence} (p <= {Figures.P(r.Confidence.Alpha)}); MDC = smallest slowdown flagged with 95 % power");
        // The cells that decide or explain the outcome in a table; the rest as counts, so a CI log stays readable.
        var decisive = new[] { CellOutcome.Regression, CellOutcome.Broken, CellOutcome.Improvement, CellOutcome.Fixed, CellOutcome.InconclusiveNoisy };
        var rows = r.Cells.Where(c => all || decisive.Contains(c.Outcome))
            .OrderBy(c => OutcomeOrder.Sections.ToList().IndexOf(c.Outcome)).ToList();
        if (rows.Count > 0)
        {
            var t = new Table { Border = TableBorder.Rounded };
            // With a folder on either side, how many runs each cell pooled.
            bool pooled = r.Cells.Any(c => c.BaselineRuns is not null || c.CurrentRuns is not null);
            var columns = new List<string> { "outcome", "cell", "baseline", "current", "change", "p", "MDC", "disturbed" };
            if (pooled) columns.Add("runs");
            foreach (var col in columns)
                t.AddColumn(new TableColumn(col) { Alignment = col is "outcome" or "cell" ? Justify.Left : Justify.Right });
            foreach (var c in rows)
            {
                var cells = new List<string> { Outcome(c.Outcome), Markup.Escape(CellName(c)), Figures.Value(c.BaselineMedian, c.Workload),
                    Figures.Value(c.CurrentMedian, c.Workload), Figures.Change(c.Change), Figures.P(c.Test?.PValue), Figures.Mdc(c.MinimalDetectableChange),
                    $"{Figures.Share(c.BaselineDisturbed)} / {Figures.Share(c.CurrentDisturbed)}" };
                if (pooled) cells.Add($"{c.BaselineRuns?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "–"} / {c.CurrentRuns?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "–"}");
                t.AddRow(cells.ToArray());
            }
            console.Write(t);
        }
        foreach (var c in r.Cells.Where(c => c.Outcome == CellOutcome.Broken || (all && c.Note is not null && !decisive.Contains(c.Outcome))))
            console.MarkupLine($"  {Markup.Escape(CellName(c))}: {Markup.Escape(c.Note ?? "")}");
        if (!all)
        {
            var insufficient = r.Cells.Where(c => c.Outcome == CellOutcome.InsufficientRepetitions).ToList();
            if (insufficient.Count > 0)
                console.MarkupLine($"[yellow]{insufficient.Count} cell(s) not tested[/]: {Markup.Escape(insufficient[0].Note ?? "")}" + (insufficient.Count > 1 ? " (first of them)" : ""));
        }
        var counts = OutcomeOrder.Sections.Select(o => (o, n: r.Count(o))).Where(x => x.n > 0).Select(x => $"{x.n} {x.o.Name()}");
        console.MarkupLine((r.IsWorse ? "[red bold]WORSE[/]: " : "[green]ok[/]: ") + Markup.Escape(string.Join(", ", counts)) +
                           (all ? "" : " (--all lists every cell)"));
    }

    /// <summary>"shm/spin native-native latency 4K cross": the cell in one column.</summary>
    static string CellName(CellComparison c) =>
        $"{Figures.Transport(c.Transport, c.Wait, c.Yield)} {c.Peers} {c.Workload.Name()} {Figures.Size(c.Size)} {c.Placement.Name()}";

    public static void Print(ConformComparison r, bool all, IAnsiConsole? console = null)
    {
        console ??= AnsiConsole.Console;
        console.MarkupLine($"baseline: Linux {Markup.Escape(r.Baseline.KernelRelease)}, {Markup.Escape(r.Baseline.Libc ?? "?")}");
        console.MarkupLine($"current:  Linux {Markup.Escape(r.Current.KernelRelease)}, {Markup.Escape(r.Current.Libc ?? "?")}");
        console.MarkupLine("order: pass = linux-specific > unsupported > fail");
        foreach (var a in r.Availability)
            console.MarkupLine($"[yellow]{Markup.Escape(a.Target)}[/] ran in the {(a.InBaseline ? "baseline" : "current result")} only; not compared{(a.Reason is null ? "" : ": " + Markup.Escape(a.Reason))}");
        var rows = r.Cases.Where(c => c.Change is not (VerdictChange.Unchanged or VerdictChange.TargetUnavailable) || (all && c.Change == VerdictChange.Unchanged))
            .OrderBy(c => VerdictChangeNames.Sections.ToList().IndexOf(c.Change)).ThenBy(c => c.Target, StringComparer.Ordinal).ToList();
        if (rows.Count > 0)
        {
            var t = new Table { Border = TableBorder.Rounded };
            foreach (var col in new[] { "change", "target", "case", "baseline", "current", "reason" })
                t.AddColumn(col);
            foreach (var c in rows)
            {
                t.AddRow(Change(c.Change), Markup.Escape(c.Target), Markup.Escape(c.CaseId), Markup.Escape(c.BaselineVerdict ?? "–"),
                    Markup.Escape(c.CurrentVerdict ?? "–"), Markup.Escape(c.Reason ?? ""));
            }
            console.Write(t);
        }
        var counts = VerdictChangeNames.Sections.Select(ch => (ch, n: r.Count(ch))).Where(x => x.n > 0).Select(x => $"{x.n} {x.ch.Name()}");
        console.MarkupLine((r.IsWorse ? "[red bold]WORSE[/]: " : "[green]ok[/]: ") + Markup.Escape(string.Join(", ", counts)));
    }

    static string Outcome(CellOutcome o) => o switch
    {
        CellOutcome.Regression or CellOutcome.Broken => $"[red bold]{o.Name()}[/]",
        CellOutcome.Improvement or CellOutcome.Fixed => $"[green]{o.Name()}[/]",
        CellOutcome.Unchanged => o.Name(),
        _ => $"[yellow]{o.Name()}[/]",
    };

    static string Change(VerdictChange c) => c switch
    {
        VerdictChange.Worse => "[red bold]worse[/]",
        VerdictChange.Better => "[green]better[/]",
        VerdictChange.Unchanged => "unchanged",
        _ => $"[yellow]{c.Name()}[/]",
    };
}

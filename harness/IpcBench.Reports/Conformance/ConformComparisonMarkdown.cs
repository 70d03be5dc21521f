using System.Text;
using IpcBench.Reports.Text;
using static IpcBench.Reports.Text.MarkdownText;

namespace IpcBench.Reports.Conformance;

/// <summary>Verdict changes as Markdown for a CI job summary, per ABI.</summary>
public static class ConformComparisonMarkdown
{
    public static string Render(ConformComparison r)
    {
        var sb = new StringBuilder();
        int worse = r.Count(VerdictChange.Worse);
        sb.Append("## IpcBench conformance compare: ")
          .Append(r.IsWorse ? $"❌ {worse} verdict{(worse == 1 ? "" : "s")} worse" : "✅ no verdict worse").Append("\n\n");
        sb.Append("| | baseline | current |\n|---|---|---|\n");
        sb.Append("| kernel | ").Append(Code(r.Baseline.KernelRelease)).Append(" | ").Append(Code(r.Current.KernelRelease)).Append(" |\n");
        sb.Append("| C library | ").Append(Cell(r.Baseline.Libc ?? "–")).Append(" | ").Append(Cell(r.Current.Libc ?? "–")).Append(" |\n");
        sb.Append("| distribution | ").Append(Cell(r.Baseline.Distribution ?? "–")).Append(" | ").Append(Cell(r.Current.Distribution ?? "–")).Append(" |\n");
        sb.Append("| machine | ").Append(Cell(r.Baseline.Machine ?? "–")).Append(" | ").Append(Cell(r.Current.Machine ?? "–")).Append(" |\n");
        sb.Append('\n');
        sb.Append("Verdicts rank pass = linux-specific > unsupported > fail; a case whose verdict moved down on a target is worse.\n\n");

        sb.Append("| target | worse | better | changed | added | removed | unchanged |\n|---|---:|---:|---:|---:|---:|---:|\n");
        foreach (var t in r.Targets)
        {
            var cells = r.Cases.Where(c => c.Target == t).ToList();
            if (cells.Count == 0) continue;
            if (cells.All(c => c.Change == VerdictChange.TargetUnavailable))
            {
                sb.Append("| ").Append(Cell(t)).Append(" | – | – | – | – | – | – |\n");
                continue;
            }
            sb.Append("| ").Append(Cell(t));
            foreach (var ch in new[] { VerdictChange.Worse, VerdictChange.Better, VerdictChange.Changed, VerdictChange.Added, VerdictChange.Removed, VerdictChange.Unchanged })
                sb.Append(" | ").Append(cells.Count(c => c.Change == ch));
            sb.Append(" |\n");
        }
        sb.Append('\n');

        if (r.Availability.Count > 0)
        {
            sb.Append("### Targets on one side only (not compared)\n\n");
            foreach (var a in r.Availability)
                sb.Append("- ").Append(Code(a.Target)).Append(": ").Append(a.InBaseline ? "ran in the baseline only" : "ran in the current result only")
                  .Append(a.Reason is null ? "" : $" ({Cell(a.Reason)})").Append('\n');
            sb.Append('\n');
        }

        foreach (var change in new[] { VerdictChange.Worse, VerdictChange.Better, VerdictChange.Changed, VerdictChange.Added, VerdictChange.Removed })
        {
            var cells = r.Cases.Where(c => c.Change == change).ToList();
            if (cells.Count == 0) continue;
            sb.Append("### ").Append(Title(change)).Append(" (").Append(cells.Count).Append(")\n\n");
            foreach (var group in cells.GroupBy(c => c.Target))
            {
                sb.Append("**").Append(Cell(group.Key)).Append("**\n\n");
                sb.Append("| case | baseline | current | reason |\n|---|---|---|---|\n");
                foreach (var c in group)
                    sb.Append("| ").Append(Code(c.CaseId)).Append(" | ").Append(c.BaselineVerdict ?? "–").Append(" | ")
                      .Append(c.CurrentVerdict ?? "–").Append(" | ").Append(Cell(c.Reason)).Append(" |\n");
                sb.Append('\n');
            }
        }
        return sb.ToString();
    }

    static string Title(VerdictChange c) => c switch
    {
        VerdictChange.Worse => "Worse",
        VerdictChange.Better => "Better",
        VerdictChange.Changed => "Changed (same rank)",
        VerdictChange.Added => "Only in the current result",
        _ => "Only in the baseline",
    };
}

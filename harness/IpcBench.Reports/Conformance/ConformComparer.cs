using IpcBench.Conformance.Report;
using IpcBench.Util;

namespace IpcBench.Reports.Conformance;

/// <summary>
/// The verdict-change rules (docs/regressions.md): per case and target, a verdict of lower rank
/// (<see cref="VerdictOrder"/>) is worse and fails the comparison. Cells on one side only are
/// added or removed, and a target available on one side only is reported once and its cells
/// are not compared (a missing i686 toolchain is not a kernel regression).
/// </summary>
public static class ConformComparer
{
    public static ConformComparison Compare(ConformReport baseline, ConformReport current, string baselinePath, string currentPath)
    {
        var targets = baseline.Targets.Select(t => t.Name).Concat(current.Targets.Select(t => t.Name))
            .Concat(baseline.Cases.Concat(current.Cases).SelectMany(c => c.Results.Select(r => r.Target)))
            .Distinct(StringComparer.Ordinal).ToList();
        var baseCells = Index(baseline);
        var curCells = Index(current);
        if (!baseCells.Keys.Any(curCells.ContainsKey))
            throw new UsageException(
                $"nothing to compare: {baselinePath} and {currentPath} have no case on a common target in common " +
                $"(baseline: {Describe(baseline)}; current: {Describe(current)})");

        var availability = new List<TargetAvailability>();
        var onOneSideOnly = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in targets)
        {
            bool b = Target(baseline, t)?.Available ?? baseCells.Keys.Any(k => k.Target == t);
            bool c = Target(current, t)?.Available ?? curCells.Keys.Any(k => k.Target == t);
            if (b == c) continue;
            onOneSideOnly.Add(t);
            availability.Add(new TargetAvailability(t, b, c, b ? Target(current, t)?.Reason : Target(baseline, t)?.Reason));
        }

        var caseOrder = baseline.Cases.Select(c => c.Id).Concat(current.Cases.Select(c => c.Id)).Distinct(StringComparer.Ordinal).ToList();
        var cases = new List<CaseComparison>();
        foreach (var t in targets)
        foreach (var id in caseOrder)
        {
            baseCells.TryGetValue((id, t), out var b);
            curCells.TryGetValue((id, t), out var c);
            if (b is null && c is null) continue;
            var change = onOneSideOnly.Contains(t) ? VerdictChange.TargetUnavailable
                : b is null ? VerdictChange.Added
                : c is null ? VerdictChange.Removed
                : Judge(b.Verdict, c.Verdict);
            cases.Add(new CaseComparison
            {
                CaseId = id,
                Target = t,
                BaselineVerdict = b?.Verdict,
                CurrentVerdict = c?.Verdict,
                Change = change,
                Reason = c?.Reason ?? b?.Reason,
            });
        }
        return new ConformComparison
        {
            Baseline = ConformIdentity.Of(baseline, baselinePath),
            Current = ConformIdentity.Of(current, currentPath),
            Targets = targets,
            Availability = availability,
            Cases = cases,
        };
    }

    /// <summary>The rule for one case present on both sides.</summary>
    public static VerdictChange Judge(string baseline, string current)
    {
        if (baseline == current) return VerdictChange.Unchanged;
        int b = VerdictOrder.Rank(baseline), c = VerdictOrder.Rank(current);
        return c < b ? VerdictChange.Worse : c > b ? VerdictChange.Better : VerdictChange.Changed;
    }

    static TargetSection? Target(ConformReport r, string name) => r.Targets.FirstOrDefault(t => t.Name == name);

    static Dictionary<(string Case, string Target), CellSection> Index(ConformReport r)
    {
        var map = new Dictionary<(string, string), CellSection>();
        foreach (var c in r.Cases)
        foreach (var v in c.Results)
            map.TryAdd((c.Id, v.Target), v);
        return map;
    }

    static string Describe(ConformReport r) =>
        $"{r.Cases.Count} cases on {string.Join(",", r.Cases.SelectMany(c => c.Results.Select(v => v.Target)).Distinct())}";
}

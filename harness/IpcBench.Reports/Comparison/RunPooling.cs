using IpcBench.Results;

namespace IpcBench.Reports.Comparison;

/// <summary>
/// Pools several runs of one side into one: per cell key, the per-repetition values of every run
/// that measured it, concatenated (so its median and U test span the runs). A failure in any run
/// wins, so pooling never hides a transport that broke once; runs that skipped a cell add nothing.
/// </summary>
public static class RunPooling
{
    /// <summary>The fields that should agree across pooled runs; a difference is warned about, not refused.</summary>
    static readonly (string Name, Func<RunResult, object?> Get)[] MachineFields =
    [
        ("hostname", r => r.Environment.Hostname),
        ("cpu_model", r => r.Environment.CpuModel),
        ("cpu_count", r => r.Environment.CpuCount),
        ("kernel_release", r => r.Environment.KernelRelease),
    ];

    /// <param name="runs">Oldest first; the newest names the side (run id, commit, kernel).</param>
    public static RunSide Pool(IReadOnlyList<RunResult> runs, string path)
    {
        if (runs.Count == 0) throw new ArgumentException("no runs to pool", nameof(runs));
        var byKey = new Dictionary<string, List<CellResult>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var run in runs)
        {
            // Keys are unique within a run; should a file repeat one, the first wins (as RunComparer does).
            foreach (var cell in run.Cells.DistinctBy(c => c.Key))
            {
                if (!byKey.TryGetValue(cell.Key, out var list))
                {
                    byKey[cell.Key] = list = [];
                    order.Add(cell.Key);
                }
                list.Add(cell);
            }
        }
        var cells = new List<CellResult>();
        var runsPerCell = new Dictionary<string, int>(StringComparer.Ordinal);
        var runValues = new Dictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal);
        foreach (var key in order)
        {
            var (cell, count) = PoolCell(byKey[key]);
            cells.Add(cell);
            runsPerCell[key] = count;
            runValues[key] = [.. byKey[key].Select(RunComparer.ValueOf).OfType<double>()];
        }
        var differing = MachineFields.Where(f => runs.Select(f.Get).Distinct().Count() > 1).Select(f => f.Name).ToList();
        return new RunSide
        {
            Path = path,
            Run = runs[^1] with { Cells = cells },
            PooledRunIds = [.. runs.Select(r => r.RunId)],
            RunsPerCell = runsPerCell,
            RunValues = runValues,
            Warnings = differing.Count == 0 ? [] :
                [$"warning: {path}: the pooled runs differ in {string.Join(", ", differing)}; pooling them anyway (compare runs of one machine and kernel)"],
        };
    }

    /// <summary>One cell from its occurrences (oldest first), and how many runs it stands for.</summary>
    static (CellResult Cell, int Runs) PoolCell(IReadOnlyList<CellResult> cells)
    {
        var failed = cells.LastOrDefault(c => c.Status == CellStatus.Failed);
        if (failed is not null) return (failed, cells.Count(c => c.Status == CellStatus.Failed));
        var ok = cells.Where(c => c.Status == CellStatus.Ok).ToList();
        if (ok.Count == 0) return (cells[^1], cells.Count);
        return (ok[^1] with
        {
            Repetitions = [.. ok.SelectMany(c => c.Repetitions)],
            RoundCpuNs = [.. ok.SelectMany(c => c.RoundCpuNs)],
            // Only when every run recorded it: a run without a record (schema 1) would skew the share.
            Interference = ok.All(c => c.Interference is not null) ? Interference.Merge([.. ok.Select(c => c.Interference!)]) : null,
        }, ok.Count);
    }
}

using IpcBench.Reports.Text;
using IpcBench.Results;

namespace IpcBench.Reports.Plots;

/// <summary>Picks the cells a figure draws: ok cells of one workload, peer pair and placement, grouped by transport variant.</summary>
internal static class CellSeries
{
    /// <summary>"pipe", "shm/spin", "shm/spin+yield".</summary>
    public static string Variant(CellResult c) => Figures.Transport(c.Transport, c.Wait, c.Yield);

    public static IEnumerable<IGrouping<string, CellResult>> ByVariant(RunResult run, Workload workload, string peers, Placement placement) =>
        run.Cells.Where(c => c.Status == CellStatus.Ok && c.Workload == workload && c.Peers.Name == peers && c.Placement == placement)
            .Where(c => workload == Workload.Latency ? c.Latency is not null : c.Throughput is not null)
            .OrderBy(c => c.Size)
            .GroupBy(Variant);

    /// <summary>The (peer pair, placement) panels with ok cells of <paramref name="workload"/>, in first-seen order.</summary>
    public static IReadOnlyList<(string Peers, Placement Placement)> Panels(IEnumerable<RunResult> runs, Workload workload) =>
        runs.SelectMany(r => r.Cells)
            .Where(c => c.Status == CellStatus.Ok && c.Workload == workload)
            .Select(c => (c.Peers.Name, c.Placement))
            .Distinct()
            .ToList();

    /// <summary>Transport variants in a stable order: the order of first appearance across runs.</summary>
    public static IReadOnlyList<string> Variants(IEnumerable<RunResult> runs, Workload workload, string peers, Placement placement) =>
        runs.SelectMany(r => ByVariant(r, workload, peers, placement).Select(g => g.Key)).Distinct().ToList();
}

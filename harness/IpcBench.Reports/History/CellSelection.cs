using IpcBench.Reports.Text;
using IpcBench.Results;

namespace IpcBench.Reports.History;

/// <summary>
/// Which cells a history follows. Every criterion given must match (an empty list matches
/// anything); <see cref="Keys"/> are globs over the cell key (<c>*</c> matches any run of
/// characters), e.g. <c>shm/*|native-native|latency|*|cross</c>. With nothing given, the
/// default: every latency cell at the smallest size and every throughput cell at the largest
/// size that the runs measured (the fixed cost per message and the bandwidth).
/// </summary>
public sealed record CellSelection
{
    public IReadOnlyList<string> Keys { get; init; } = [];
    public IReadOnlyList<string> Transports { get; init; } = [];
    public IReadOnlyList<string> Peers { get; init; } = [];
    public IReadOnlyList<Workload> Workloads { get; init; } = [];
    public IReadOnlyList<long> Sizes { get; init; } = [];
    public IReadOnlyList<Placement> Placements { get; init; } = [];

    public bool IsEmpty => Keys.Count == 0 && Transports.Count == 0 && Peers.Count == 0 && Workloads.Count == 0 && Sizes.Count == 0 && Placements.Count == 0;

    /// <summary>Does this cell match every criterion given? Transports match the transport ("shm") or the variant ("shm/spin").</summary>
    public bool Matches(CellResult c) =>
        (Keys.Count == 0 || Keys.Any(k => Glob(k, c.Key))) &&
        (Transports.Count == 0 || Transports.Contains(c.Transport) || Transports.Contains(Figures.Transport(c.Transport, c.Wait, c.Yield))) &&
        (Peers.Count == 0 || Peers.Contains(c.Peers.Name)) &&
        (Workloads.Count == 0 || Workloads.Contains(c.Workload)) &&
        (Sizes.Count == 0 || Sizes.Contains(c.Size)) &&
        (Placements.Count == 0 || Placements.Contains(c.Placement));

    /// <summary>The keys to follow, in first-seen order over the runs.</summary>
    public IReadOnlyList<CellResult> Select(IReadOnlyList<RunResult> runs)
    {
        var all = runs.SelectMany(r => r.Cells).ToList();
        IEnumerable<CellResult> chosen;
        if (IsEmpty)
        {
            var latencySizes = all.Where(c => c.Workload == Workload.Latency && c.Status == CellStatus.Ok).Select(c => c.Size).ToList();
            var throughputSizes = all.Where(c => c.Workload == Workload.Throughput && c.Status == CellStatus.Ok).Select(c => c.Size).ToList();
            long? small = latencySizes.Count > 0 ? latencySizes.Min() : null, large = throughputSizes.Count > 0 ? throughputSizes.Max() : null;
            chosen = all.Where(c => (c.Workload == Workload.Latency && c.Size == small) || (c.Workload == Workload.Throughput && c.Size == large));
        }
        else
        {
            chosen = all.Where(Matches);
        }
        return chosen.GroupBy(c => c.Key, StringComparer.Ordinal).Select(g => g.First()).ToList();
    }

    /// <summary>Glob with '*' only; everything else literal (keys contain '|' and '/').</summary>
    public static bool Glob(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = t; }
            else if (p < pattern.Length && pattern[p] == text[t]) { p++; t++; }
            else if (star >= 0) { p = star + 1; t = ++mark; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}

using IpcBench.Reports.Statistics;
using IpcBench.Results;

namespace IpcBench.Reports.Comparison;

/// <summary>
/// One cell (matched by <see cref="CellResult.Key"/>) in both runs: the median of its
/// per-repetition values on each side, the relative change, the U test and the outcome.
/// </summary>
public sealed record CellComparison
{
    public required string Key { get; init; }
    public required string Transport { get; init; }
    public string? Wait { get; init; }
    public bool Yield { get; init; }
    public required string Peers { get; init; }
    public required Workload Workload { get; init; }
    public required long Size { get; init; }
    public required Placement Placement { get; init; }

    /// <summary>"median_rtt_ns" (latency) or "mb_per_s" (throughput): what the repetitions hold.</summary>
    public string Metric => Workload == Workload.Latency ? "median_rtt_ns" : "mb_per_s";
    /// <summary>Latency: lower is better; throughput: higher is better.</summary>
    public bool LowerIsBetter => Workload == Workload.Latency;
    public string Unit => Workload == Workload.Latency ? "ns" : "MB/s";

    public CellStatus? BaselineStatus { get; init; }
    public CellStatus? CurrentStatus { get; init; }
    /// <summary>Median of the baseline's per-repetition values; null when not measured.</summary>
    public double? BaselineMedian { get; init; }
    public double? CurrentMedian { get; init; }
    public IReadOnlyList<double> BaselineRepetitions { get; init; } = [];
    public IReadOnlyList<double> CurrentRepetitions { get; init; } = [];
    /// <summary>How many runs of a pooled folder the baseline's repetitions come from; null for a single file or a missing cell.</summary>
    public int? BaselineRuns { get; init; }
    public int? CurrentRuns { get; init; }
    /// <summary>(current − baseline) / baseline of the medians; null when either is missing or the baseline is 0.</summary>
    public double? Change { get; init; }
    /// <summary>The U test; null when it was not run (missing side, too few repetitions).</summary>
    public UTestResult? Test { get; init; }
    /// <summary>What the compared figure is (<c>cells[].statistic</c> of the current side, else the baseline's).</summary>
    public string? Statistic { get; init; }
    /// <summary>
    /// The baseline history's run-to-run spread: the largest relative distance of one baseline
    /// run's median from the pooled median; null unless the baseline pooled two or more runs.
    /// </summary>
    public double? HistorySpread { get; init; }
    /// <summary>
    /// What the rule requires a change to exceed beyond the threshold: the prediction bound of one more run of the
    /// history's code at the comparison's confidence (<see cref="RunComparer.HistoryBound"/>); null unless the baseline
    /// pooled two or more runs.
    /// </summary>
    public double? HistoryBound { get; init; }
    /// <summary>Share of the peers' CPUs taken by steal and other processes, per side (<c>interference.disturbed_share</c>); null when not recorded.</summary>
    public double? BaselineDisturbed { get; init; }
    public double? CurrentDisturbed { get; init; }
    /// <summary>
    /// The smallest slowdown this cell would flag with 95 % power given its measured noise, the
    /// threshold and the history's spread (<see cref="MinimalDetectableChange"/>); null when not
    /// measured on both sides, <see cref="double.PositiveInfinity"/> when not even a doubling would be.
    /// </summary>
    public double? MinimalDetectableChange { get; init; }
    /// <summary>Median CPU time per message of the rounds (both peers, ns), per side; null when not recorded.</summary>
    public double? BaselineCpuNs { get; init; }
    public double? CurrentCpuNs { get; init; }
    public required CellOutcome Outcome { get; init; }
    /// <summary>One line: why this outcome (not significant, within the threshold, the failure reason).</summary>
    public string? Note { get; init; }
}

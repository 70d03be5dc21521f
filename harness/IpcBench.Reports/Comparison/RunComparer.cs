using System.Globalization;
using IpcBench.Reports.Statistics;
using IpcBench.Results;
using IpcBench.Util;

namespace IpcBench.Reports.Comparison;

/// <summary>
/// The regression rules (docs/regressions.md). A cell measured on both sides is a regression or
/// an improvement only when the relative change of its median is larger than the threshold and
/// than the baseline history's run-to-run spread (a pooled folder), and the two-sided
/// Mann-Whitney U test over the per-repetition values is significant at the confidence level,
/// with the test and the medians agreeing on the direction. A change whose sides were disturbed
/// differently (interference) is inconclusive, not a change.
/// </summary>
public static class RunComparer
{
    /// <summary>Below this many repetitions on a side nothing is tested, whatever the confidence level.</summary>
    public const int MinRepetitions = 3;

    /// <summary>
    /// Compares <paramref name="current"/> against <paramref name="baseline"/>. Throws
    /// <see cref="UsageException"/> when the two runs have no cell in common.
    /// </summary>
    public static RunComparison Compare(RunResult baseline, RunResult current, RelativeThreshold threshold, Confidence confidence,
        string baselinePath = "baseline", string currentPath = "current", IReadOnlyDictionary<string, IReadOnlyList<double>>? baselineRunValues = null)
    {
        var baseCells = Index(baseline.Cells);
        var curCells = Index(current.Cells);
        if (!baseCells.Keys.Any(curCells.ContainsKey))
            throw new UsageException(
                $"nothing to compare: {baselinePath} and {currentPath} have no cell in common " +
                $"(baseline: {Describe(baseline)}; current: {Describe(current)}); compare runs of the same transports, peers, workloads, sizes and placement");

        var cells = new List<CellComparison>();
        foreach (var (key, b) in baseCells)
            cells.Add(curCells.TryGetValue(key, out var c) ? CompareCell(b, c, threshold, confidence, baselineRunValues?.GetValueOrDefault(key)) : OneSided(b, CellOutcome.Removed));
        foreach (var (key, c) in curCells)
        {
            if (!baseCells.ContainsKey(key))
                cells.Add(OneSided(c, CellOutcome.Added));
        }
        return new RunComparison
        {
            Baseline = RunIdentity.Of(baseline, baselinePath),
            Current = RunIdentity.Of(current, currentPath),
            Threshold = threshold,
            Confidence = confidence,
            Cells = cells,
        };
    }

    /// <summary>
    /// Compares two sides, either of which may be a folder of pooled runs: the same rules on the
    /// pooled repetitions, with the runs pooled per cell and the run ids carried to the output.
    /// </summary>
    public static RunComparison Compare(RunSide baseline, RunSide current, RelativeThreshold threshold, Confidence confidence)
    {
        var r = Compare(baseline.Run, current.Run, threshold, confidence, baseline.Path, current.Path, baseline.RunValues);
        return r with
        {
            Baseline = baseline.Identity(),
            Current = current.Identity(),
            Cells = [.. r.Cells.Select(c => c with
            {
                BaselineRuns = baseline.RunsOf(c.Key, c.BaselineStatus),
                CurrentRuns = current.RunsOf(c.Key, c.CurrentStatus),
            })],
        };
    }

    /// <summary>The rules for a cell present in both runs.</summary>
    /// <param name="baselineRunValues">The baseline history's value of this cell per run (a pooled folder); null for one run.</param>
    public static CellComparison CompareCell(CellResult baseline, CellResult current, RelativeThreshold threshold, Confidence confidence,
        IReadOnlyList<double>? baselineRunValues = null)
    {
        var shell = Shell(baseline) with
        {
            Statistic = current.Statistic ?? baseline.Statistic,
            BaselineDisturbed = baseline.Interference?.DisturbedShare,
            CurrentDisturbed = current.Interference?.DisturbedShare,
            BaselineCpuNs = baseline.RoundCpuNs.Count > 0 ? Median(baseline.RoundCpuNs) : null,
            CurrentCpuNs = current.RoundCpuNs.Count > 0 ? Median(current.RoundCpuNs) : null,
            BaselineStatus = baseline.Status,
            CurrentStatus = current.Status,
            Outcome = CellOutcome.NotMeasured,
        };
        bool baseOk = baseline.Status == CellStatus.Ok, curOk = current.Status == CellStatus.Ok;
        if (baseOk && current.Status == CellStatus.Failed)
            return shell with { BaselineMedian = ValueOf(baseline), BaselineRepetitions = baseline.Repetitions, Outcome = CellOutcome.Broken, Note = $"failed in the current run: {current.Reason}" };
        if (baseline.Status == CellStatus.Failed && curOk)
            return shell with { CurrentMedian = ValueOf(current), CurrentRepetitions = current.Repetitions, Outcome = CellOutcome.Fixed, Note = $"failed in the baseline: {baseline.Reason}" };
        if (!baseOk || !curOk)
            return shell with { Note = $"baseline {baseline.Status.Name()}, current {current.Status.Name()}" + (NotOkReason(baseline, current) is { } r ? $": {r}" : "") };

        double? b = ValueOf(baseline), c = ValueOf(current);
        double? change = b is { } bv && c is { } cv && bv != 0 ? (cv - bv) / bv : null;
        var measured = shell with
        {
            BaselineMedian = b,
            CurrentMedian = c,
            BaselineRepetitions = baseline.Repetitions,
            CurrentRepetitions = current.Repetitions,
            Change = change,
        };
        int n = baseline.Repetitions.Count, m = current.Repetitions.Count;
        if (n < MinRepetitions || m < MinRepetitions || MannWhitney.SmallestPValue(n, m) > confidence.Alpha)
        {
            return measured with
            {
                Outcome = CellOutcome.InsufficientRepetitions,
                Note = $"{n} and {m} repetitions: too few for any difference to be significant at {confidence} " +
                       $"(smallest possible p = {P(MannWhitney.SmallestPValue(n, m))}); use at least {MinRepetitionsFor(confidence)} per side (--repetitions)",
            };
        }

        var test = MannWhitney.TwoSided(baseline.Repetitions, current.Repetitions);
        double? spread = HistorySpread(baselineRunValues);
        double? bound = HistoryBound(baselineRunValues, confidence);
        measured = measured with
        {
            Test = test,
            HistorySpread = spread,
            HistoryBound = bound,
            MinimalDetectableChange = Comparison.MinimalDetectableChange.Estimate(baseline.Repetitions, m, baseline.Workload == Workload.Latency, threshold, confidence, bound, baseline.Key),
        };
        var (outcome, note) = Rule(change, test, baseline.Workload == Workload.Latency, threshold, confidence, bound);
        if (outcome is CellOutcome.Regression or CellOutcome.Improvement
            && measured.BaselineDisturbed is { } bd && measured.CurrentDisturbed is { } cd
            && Math.Abs(bd - cd) > NoisyShareDifference + ShareResolution(baseline.Interference) + ShareResolution(current.Interference))
        {
            return measured with
            {
                Outcome = CellOutcome.InconclusiveNoisy,
                Note = $"would be {(outcome == CellOutcome.Regression ? "a regression" : "an improvement")} of {Pct(change!.Value)}, but steal and other processes took " +
                       $"{Pct(bd)} of the peers' CPUs in the baseline and {Pct(cd)} in the current run; re-run on a quieter machine",
            };
        }
        return measured with { Outcome = outcome, Note = note };
    }

    /// <summary>
    /// A flagged cell whose disturbed share (<c>interference.disturbed_share</c>) differs between
    /// the sides by more than this (absolute) is inconclusive: 5 % of the peers' CPUs.
    /// </summary>
    public const double NoisyShareDifference = 0.05;

    /// <summary>
    /// How finely a cell's disturbed share is known: /proc/stat counts CPU time in clock ticks (USER_HZ, 10 ms on
    /// Linux), so each round's busy time of each watched CPU is off by up to a tick; the share divides the watched
    /// CPUs' sum by (window × CPUs), so a round is off by up to a tick per its window, and k rounds of together W
    /// milliseconds by about 10 ms × √k / W. A short cell's share therefore differs between runs by quantisation
    /// alone, and that must not pass for noise.
    /// </summary>
    public static double ShareResolution(Results.Interference? i) =>
        i is { WindowMs: > 0 } ? TickMs * Math.Sqrt(Math.Max(1, i.RoundShares.Count)) / i.WindowMs : 0;

    private const double TickMs = 10;

    /// <summary>
    /// The rule on one measured cell: beyond the threshold, beyond the baseline history's
    /// run-to-run spread (when the baseline pooled runs), significant, and the medians and the
    /// rank test agreeing on the direction.
    /// </summary>
    internal static (CellOutcome Outcome, string? Note) Rule(double? change, UTestResult test, bool lowerIsBetter,
        RelativeThreshold threshold, Confidence confidence, double? spread)
    {
        bool significant = test.PValue <= confidence.Alpha;
        bool large = change is { } ch && Math.Abs(ch) > threshold.Fraction;
        if (!large)
            return (CellOutcome.Unchanged, $"within ±{threshold}" + (significant ? $" (significant, p = {P(test.PValue)})" : ""));
        if (spread is { } sp && Math.Abs(change!.Value) <= sp)
            return (CellOutcome.Unchanged, $"within what runs of the baseline history's code differ by (±{Pct(sp)} at {confidence})");
        if (!significant)
            return (CellOutcome.Unchanged, $"not significant at {confidence} (p = {P(test.PValue)})");

        // U above its centre means the current values tend to be the larger.
        bool medianUp = change > 0;
        bool testUp = test.U > test.NullCentre;
        if (medianUp != testUp || test.U == test.NullCentre)
            return (CellOutcome.Unchanged, "the medians and the rank test disagree on the direction");
        bool worse = lowerIsBetter ? medianUp : !medianUp;
        return (worse ? CellOutcome.Regression : CellOutcome.Improvement, null);
    }

    /// <summary>
    /// The largest relative distance of one run's value from the median of the runs' values: how
    /// far runs of the same code strayed. Null with fewer than two runs.
    /// </summary>
    /// <summary>
    /// How far a new run of the history's code may fall from the history's median at <paramref name="confidence"/>:
    /// the prediction interval of one more run, <c>t(1 − α/2, n − 1) × s × √(1 + 1/n)</c> relative to the median, with
    /// s the standard deviation of the n runs' values. A change within it is what the same code does between runs.
    /// (The largest deviation seen, <see cref="HistorySpread"/>, is no such bound: with 5 runs a sixth of the same code
    /// falls outside it about a third of the time, which is how A/A comparisons on this VM failed 3 builds in 6.)
    /// With two runs a standard deviation means little (t(0.995, 1) is 64): the largest deviation stands in. Null
    /// with fewer than two runs.
    /// </summary>
    public static double? HistoryBound(IReadOnlyList<double>? runValues, Confidence confidence)
    {
        if (runValues is null || runValues.Count < 2) return null;
        if (runValues.Count == 2) return HistorySpread(runValues);
        double centre = Median(runValues);
        if (centre == 0) return null;
        int n = runValues.Count;
        double mean = runValues.Average();
        double sd = Math.Sqrt(runValues.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        double t = new Perfolizer.Mathematics.Distributions.ContinuousDistributions.StudentDistribution(n - 1).Quantile(1 - confidence.Alpha / 2);
        return t * sd * Math.Sqrt(1 + 1.0 / n) / Math.Abs(centre);
    }

    public static double? HistorySpread(IReadOnlyList<double>? runValues)
    {
        if (runValues is null || runValues.Count < 2) return null;
        double centre = Median(runValues);
        return centre == 0 ? null : runValues.Max(v => Math.Abs(v - centre)) / Math.Abs(centre);
    }

    static string Pct(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";

    /// <summary>The fewest repetitions per side (equal on both) with which a difference can be significant.</summary>
    public static int MinRepetitionsFor(Confidence confidence)
    {
        int k = MinRepetitions;
        while (MannWhitney.SmallestPValue(k, k) > confidence.Alpha)
            k++;
        return k;
    }

    /// <summary>
    /// The figure a cell is compared by: the median of its per-repetition values (latency: median
    /// round trips, ns; throughput: MB/s); without repetitions, the cell's own p50 or MB/s.
    /// </summary>
    public static double? ValueOf(CellResult cell)
    {
        if (cell.Status != CellStatus.Ok) return null;
        if (cell.Repetitions.Count > 0) return Median(cell.Repetitions);
        return cell.Workload == Workload.Latency ? cell.Latency?.P50Ns : cell.Throughput?.MbPerS;
    }

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no values", nameof(values));
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    static Dictionary<string, CellResult> Index(IReadOnlyList<CellResult> cells)
    {
        // Keys are unique within a run; should a file repeat one, the first wins, as in plan order.
        var map = new Dictionary<string, CellResult>(StringComparer.Ordinal);
        foreach (var c in cells)
            map.TryAdd(c.Key, c);
        return map;
    }

    static CellComparison Shell(CellResult c) => new()
    {
        Key = c.Key,
        Transport = c.Transport,
        Wait = c.Wait,
        Yield = c.Yield,
        Peers = c.Peers.Name,
        Workload = c.Workload,
        Size = c.Size,
        Placement = c.Placement,
        Outcome = CellOutcome.NotMeasured,
    };

    static CellComparison OneSided(CellResult c, CellOutcome outcome)
    {
        var shell = Shell(c) with { Outcome = outcome };
        return outcome == CellOutcome.Removed
            ? shell with { BaselineStatus = c.Status, BaselineMedian = ValueOf(c), BaselineRepetitions = c.Repetitions }
            : shell with { CurrentStatus = c.Status, CurrentMedian = ValueOf(c), CurrentRepetitions = c.Repetitions };
    }

    static string? NotOkReason(CellResult baseline, CellResult current) =>
        current.Status != CellStatus.Ok ? current.Reason : baseline.Reason;

    static string Describe(RunResult run)
    {
        if (run.Cells.Count == 0) return "no cells";
        string Join<T>(IEnumerable<T> xs) => string.Join(",", xs.Distinct());
        return $"{run.Cells.Count} cells of {Join(run.Cells.Select(c => c.Transport))}, peers {Join(run.Cells.Select(c => c.Peers.Name))}, " +
               $"sizes {Join(run.Cells.Select(c => SizeParser.Format(c.Size)))}, placement {Join(run.Cells.Select(c => c.Placement.Name()))}";
    }

    internal static string P(double p) => p < 0.0001 ? "< 0.0001" : p.ToString("0.####", CultureInfo.InvariantCulture);
    static string Num(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}

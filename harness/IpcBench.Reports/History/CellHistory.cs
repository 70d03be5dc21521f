using IpcBench.Reports.Comparison;
using IpcBench.Results;

namespace IpcBench.Reports.History;

/// <summary>One run's point of a cell's history.</summary>
public sealed record HistoryPoint
{
    /// <summary>Index of the run in <see cref="HistoryResult.Runs"/>.</summary>
    public required int Run { get; init; }
    /// <summary>Median of the repetitions (or the cell's p50 / MB/s without them); null when not measured in that run.</summary>
    public double? Value { get; init; }
    public double? Low { get; init; }
    public double? High { get; init; }
    public CellStatus? Status { get; init; }
    /// <summary>What compare says for this cell against the run just before; null for the first run or when that run lacks the cell.</summary>
    public CellComparison? AgainstPrevious { get; init; }

    public bool IsRegression => AgainstPrevious?.Outcome is CellOutcome.Regression or CellOutcome.Broken;
    public bool IsImprovement => AgainstPrevious?.Outcome is CellOutcome.Improvement or CellOutcome.Fixed;
}

/// <summary>A followed cell across the runs of a folder.</summary>
public sealed record CellHistory
{
    public required CellResult Identity { get; init; }
    public string Key => Identity.Key;
    public required IReadOnlyList<HistoryPoint> Points { get; init; }
    /// <summary>Steps in the series of this cell's values (E-divisive means over the measured runs), oldest first.</summary>
    public IReadOnlyList<ChangePointAt> ChangePoints { get; init; } = [];
}

/// <summary>A change point of a cell's series: the first run of the new level, the medians of the levels before and after, the permutation p-value.</summary>
public sealed record ChangePointAt(int Run, double Before, double After, double PValue)
{
    public double Change => (After - Before) / Before;
}

/// <summary>A folder's runs, oldest first, with their labels, and the followed cells.</summary>
public sealed record HistoryResult
{
    public required IReadOnlyList<RunResult> Runs { get; init; }
    public required IReadOnlyList<string> Paths { get; init; }
    public required IReadOnlyList<string> Labels { get; init; }
    public required IReadOnlyList<CellHistory> Cells { get; init; }
    public required Statistics.RelativeThreshold Threshold { get; init; }
    public required Statistics.Confidence Confidence { get; init; }

    public IEnumerable<(CellHistory Cell, HistoryPoint Point)> Regressions =>
        Cells.SelectMany(c => c.Points.Where(p => p.IsRegression).Select(p => (c, p)));
}

using IpcBench.Reports.Statistics;

namespace IpcBench.Reports.Comparison;

/// <summary>Two runs compared cell by cell.</summary>
public sealed record RunComparison
{
    public required RunIdentity Baseline { get; init; }
    public required RunIdentity Current { get; init; }
    public required RelativeThreshold Threshold { get; init; }
    public required Confidence Confidence { get; init; }
    /// <summary>Baseline cells in plan order (with the current run's state), then the cells only the current run has.</summary>
    public required IReadOnlyList<CellComparison> Cells { get; init; }

    public int Count(CellOutcome outcome) => Cells.Count(c => c.Outcome == outcome);

    /// <summary>A regression or a broken cell: exit status 1.</summary>
    public bool IsWorse => Cells.Any(c => c.Outcome.IsWorse());
}

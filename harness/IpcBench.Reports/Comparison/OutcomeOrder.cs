namespace IpcBench.Reports.Comparison;

/// <summary>The order outcomes are listed in: what fails the comparison first, unchanged cells last.</summary>
public static class OutcomeOrder
{
    public static readonly IReadOnlyList<CellOutcome> Sections =
    [
        CellOutcome.Regression, CellOutcome.Broken, CellOutcome.Improvement, CellOutcome.Fixed,
        CellOutcome.InconclusiveNoisy, CellOutcome.InsufficientRepetitions, CellOutcome.NotMeasured, CellOutcome.Added, CellOutcome.Removed, CellOutcome.Unchanged,
    ];

    public static string Title(CellOutcome o) => o switch
    {
        CellOutcome.Regression => "Regressions",
        CellOutcome.Broken => "Broken (measured in the baseline, failed now)",
        CellOutcome.Improvement => "Improvements",
        CellOutcome.Fixed => "Fixed (failed in the baseline, measured now)",
        CellOutcome.InconclusiveNoisy => "Inconclusive (noisy): the interference differs between the sides",
        CellOutcome.InsufficientRepetitions => "Too few repetitions to tell",
        CellOutcome.NotMeasured => "Not measured on one side",
        CellOutcome.Added => "Only in the current run",
        CellOutcome.Removed => "Only in the baseline",
        _ => "Unchanged",
    };
}

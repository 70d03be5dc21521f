namespace IpcBench.Reports.Comparison;

/// <summary>What happened to one cell between the baseline and the current run.</summary>
public enum CellOutcome
{
    /// <summary>Worse by more than the threshold, and significant: fails the comparison.</summary>
    Regression,
    /// <summary>Better by more than the threshold, and significant.</summary>
    Improvement,
    /// <summary>Within the threshold, or not significant.</summary>
    Unchanged,
    /// <summary>Would be a change, but what else ran on the peers' CPUs differs between the sides: reported, never fails.</summary>
    InconclusiveNoisy,
    /// <summary>Too few repetitions on a side for any difference to be significant.</summary>
    InsufficientRepetitions,
    /// <summary>Measured in the baseline, failed in the current run: fails the comparison.</summary>
    Broken,
    /// <summary>Failed in the baseline, measured in the current run.</summary>
    Fixed,
    /// <summary>In both runs, but not measured on at least one side (skipped, or failed on both).</summary>
    NotMeasured,
    /// <summary>Only in the current run.</summary>
    Added,
    /// <summary>Only in the baseline.</summary>
    Removed,
}

public static class CellOutcomeNames
{
    /// <summary>The spelling in the JSON and Markdown output.</summary>
    public static string Name(this CellOutcome o) => o switch
    {
        CellOutcome.Regression => "regression",
        CellOutcome.Improvement => "improvement",
        CellOutcome.Unchanged => "unchanged",
        CellOutcome.InconclusiveNoisy => "inconclusive-noisy",
        CellOutcome.InsufficientRepetitions => "insufficient-repetitions",
        CellOutcome.Broken => "broken",
        CellOutcome.Fixed => "fixed",
        CellOutcome.NotMeasured => "not-measured",
        CellOutcome.Added => "added",
        CellOutcome.Removed => "removed",
        _ => throw new ArgumentOutOfRangeException(nameof(o)),
    };

    /// <summary>Does this outcome fail the comparison (exit status 1).</summary>
    public static bool IsWorse(this CellOutcome o) => o is CellOutcome.Regression or CellOutcome.Broken;
}

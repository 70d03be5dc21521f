namespace IpcBench.Reports.Conformance;

/// <summary>What happened to one case on one target between two conformance results.</summary>
public enum VerdictChange
{
    /// <summary>The same verdict.</summary>
    Unchanged,
    /// <summary>A lower-ranked verdict (pass → unsupported, pass → fail, unsupported → fail): fails the comparison.</summary>
    Worse,
    /// <summary>A higher-ranked verdict.</summary>
    Better,
    /// <summary>Another verdict of the same rank (pass ↔ linux-specific).</summary>
    Changed,
    /// <summary>The case has a cell on this target only in the current result.</summary>
    Added,
    /// <summary>The case has a cell on this target only in the baseline.</summary>
    Removed,
    /// <summary>The target ran on one side only (e.g. i686 not built): its cells are not compared.</summary>
    TargetUnavailable,
}

public static class VerdictChangeNames
{
    public static string Name(this VerdictChange c) => c switch
    {
        VerdictChange.Unchanged => "unchanged",
        VerdictChange.Worse => "worse",
        VerdictChange.Better => "better",
        VerdictChange.Changed => "changed",
        VerdictChange.Added => "added",
        VerdictChange.Removed => "removed",
        VerdictChange.TargetUnavailable => "target-unavailable",
        _ => throw new ArgumentOutOfRangeException(nameof(c)),
    };

    /// <summary>The order changes are listed in: what fails the comparison first.</summary>
    public static readonly IReadOnlyList<VerdictChange> Sections =
    [
        VerdictChange.Worse, VerdictChange.Better, VerdictChange.Changed, VerdictChange.TargetUnavailable,
        VerdictChange.Added, VerdictChange.Removed, VerdictChange.Unchanged,
    ];
}

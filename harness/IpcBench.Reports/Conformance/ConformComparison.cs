using IpcBench.Conformance.Report;

namespace IpcBench.Reports.Conformance;

/// <summary>One case on one target, in both results.</summary>
public sealed record CaseComparison
{
    public required string CaseId { get; init; }
    public required string Target { get; init; }
    public string? BaselineVerdict { get; init; }
    public string? CurrentVerdict { get; init; }
    public required VerdictChange Change { get; init; }
    /// <summary>The current reason (or the baseline's when the case has no current cell).</summary>
    public string? Reason { get; init; }
}

/// <summary>A target whose availability differs between the two results.</summary>
public sealed record TargetAvailability(string Target, bool InBaseline, bool InCurrent, string? Reason);

/// <summary>Which conformance result a side is.</summary>
public sealed record ConformIdentity(string Path, string KernelRelease, string? Libc, string? Machine, string? Distribution, DateTimeOffset? GeneratedUtc)
{
    public static ConformIdentity Of(ConformReport r, string path) => new(path, r.Host.KernelRelease,
        $"{r.Host.Libc.Name} {r.Host.Libc.Version}".Trim(), r.Host.Machine, r.Host.Distribution, r.GeneratedUtc);
}

/// <summary>Two conformance results compared case by case, per target (ABI).</summary>
public sealed record ConformComparison
{
    public required ConformIdentity Baseline { get; init; }
    public required ConformIdentity Current { get; init; }
    /// <summary>Targets in column order (baseline first, then any only the current result has).</summary>
    public required IReadOnlyList<string> Targets { get; init; }
    /// <summary>Targets available on one side only, with the reason given by the side lacking them.</summary>
    public required IReadOnlyList<TargetAvailability> Availability { get; init; }
    /// <summary>Per target in <see cref="Targets"/> order, cases in the baseline's order then added ones.</summary>
    public required IReadOnlyList<CaseComparison> Cases { get; init; }

    public int Count(VerdictChange change) => Cases.Count(c => c.Change == change);

    /// <summary>Some verdict got worse: exit status 1.</summary>
    public bool IsWorse => Cases.Any(c => c.Change == VerdictChange.Worse);
}

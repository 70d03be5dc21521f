namespace IpcBench.Conformance.Model;

/// <summary>
/// A column of the case x ABI matrix: a probe ABI (x86_64, i686, i686-lfs), or an in-process
/// managed run through the project's bindings ("managed") or Mono.Posix ("mono-posix").
/// </summary>
public static class Targets
{
    public const string Managed = "managed";
    public const string MonoPosix = "mono-posix";

    /// <summary>Every column, in report order.</summary>
    public static readonly IReadOnlyList<string> All = [.. Probe.Abi.Known, Managed, MonoPosix];

    public static bool IsManaged(string target) => target is Managed or MonoPosix;
}

/// <summary>The verdict of one case on one target, with what was observed and why.</summary>
public sealed record CaseOutcome
{
    public required string CaseId { get; init; }
    /// <summary>x86_64, i686, i686-lfs, managed or mono-posix.</summary>
    public required string Target { get; init; }
    public required Verdict Verdict { get; init; }
    /// <summary>
    /// Why: what differed (fail), what is missing (unsupported), the POSIX text departed from
    /// (linux-specific); null for a plain pass.
    /// </summary>
    public string? Reason { get; init; }
    /// <summary>What the probe or managed check observed, when it observed anything.</summary>
    public Observation? Observation { get; init; }
    public TimeSpan Duration { get; init; }

    public override string ToString() =>
        $"{CaseId} [{Target}]: {Verdict.Word()}" + (Reason is null ? "" : $" ({Reason})");
}

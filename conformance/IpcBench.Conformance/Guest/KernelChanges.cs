namespace IpcBench.Conformance.Guest;

/// <summary>
/// Behaviour the kernel changed at a known version, for the cases it shows in: the explanation a
/// difference between two kernels' reports gets when one kernel is before the change and one after.
/// Each entry names the kernel change (commit or release) that made it.
/// </summary>
public sealed record KernelChange(string CasePattern, Version Since, string What)
{
    /// <summary>An exact case id, or a prefix ending in '.'.</summary>
    public bool Applies(string caseId) =>
        CasePattern.EndsWith('.') ? caseId.StartsWith(CasePattern, StringComparison.Ordinal) : caseId == CasePattern;
}

public static class KernelChanges
{
    public static readonly IReadOnlyList<KernelChange> All =
    [
    ];
}

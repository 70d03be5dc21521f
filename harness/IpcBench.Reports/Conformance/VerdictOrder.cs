using IpcBench.Conformance.Model;

namespace IpcBench.Reports.Conformance;

/// <summary>
/// How verdicts rank, for telling a worse verdict from a better one:
/// <c>pass</c> = <c>linux-specific</c> (both keep the promise, one by POSIX, one by documented
/// Linux behaviour) &gt; <c>unsupported</c> (the kernel or ABI lacks what the case needs) &gt;
/// <c>fail</c> (the promise is broken). Moving down is worse; up is better; between pass and
/// linux-specific the verdict changed without getting worse.
/// </summary>
public static class VerdictOrder
{
    /// <summary>2 passing, 1 unsupported, 0 fail, for a verdict's word as the report writes it.</summary>
    public static int Rank(string verdict) =>
        !VerdictExtensions.TryParseWord(verdict, out var v) ? throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "unknown verdict")
        : v.IsPassing() ? 2
        : v == Verdict.Unsupported ? 1
        : 0;
}

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
    public const string Pass = "pass";
    public const string LinuxSpecific = "linux-specific";
    public const string Unsupported = "unsupported";
    public const string Fail = "fail";

    public static readonly IReadOnlyList<string> Known = [Pass, LinuxSpecific, Unsupported, Fail];

    public static bool IsKnown(string verdict) => Known.Contains(verdict);

    /// <summary>2 passing, 1 unsupported, 0 fail.</summary>
    public static int Rank(string verdict) => verdict switch
    {
        Pass or LinuxSpecific => 2,
        Unsupported => 1,
        Fail => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "unknown verdict"),
    };
}

namespace IpcBench.Conformance.Model;

/// <summary>What one case concluded on one ABI (LTP's PASS / FAIL / UNSUPPORTED, plus Linux-specific).</summary>
public enum Verdict
{
    /// <summary>The observation is what POSIX (or the Linux man page, for Linux-only features) promises.</summary>
    Pass,
    /// <summary>
    /// The observation is the documented Linux behaviour where Linux deliberately departs from POSIX;
    /// counts as passing, and the report names the POSIX text it departs from.
    /// </summary>
    LinuxSpecific,
    /// <summary>The kernel or ABI lacks what the case needs (kernel version, 32-bit compat, root); not a failure.</summary>
    Unsupported,
    /// <summary>The promise was broken, or the probe crashed, hung or printed garbage; the reason says which.</summary>
    Fail,
}

public static class VerdictExtensions
{
    /// <summary>Does this verdict count as passing (Pass and LinuxSpecific).</summary>
    public static bool IsPassing(this Verdict v) => v is Verdict.Pass or Verdict.LinuxSpecific;

    /// <summary>The lower-case word used in the JSON report, the Markdown matrix and the terminal.</summary>
    public static string Word(this Verdict v) => v switch
    {
        Verdict.Pass => "pass",
        Verdict.LinuxSpecific => "linux-specific",
        Verdict.Unsupported => "unsupported",
        Verdict.Fail => "fail",
        _ => throw new ArgumentOutOfRangeException(nameof(v)),
    };

    /// <summary>Every verdict's word, in declaration order.</summary>
    public static readonly IReadOnlyList<string> Words = Enum.GetValues<Verdict>().Select(v => v.Word()).ToList();

    /// <summary>The verdict a <see cref="Word"/> names; false for any other text.</summary>
    public static bool TryParseWord(string word, out Verdict verdict)
    {
        foreach (var v in Enum.GetValues<Verdict>())
        {
            if (v.Word() == word)
            {
                verdict = v;
                return true;
            }
        }
        verdict = default;
        return false;
    }
}

using IpcBench.Conformance.Engine;
using IpcBench.Conformance.Model;
using IpcBench.Conformance.Probe;

namespace IpcBench.Conformance.Tests.Support;

/// <summary>Runs a case through the shared engine and turns its verdict into an NUnit result.</summary>
public static class Verdicts
{
    /// <summary>CI sets CI=true: there, an ABI that should be available must not be skipped quietly.</summary>
    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static async Task RunAndAssertAsync(CaseUnderTest t, CancellationToken cancel)
    {
        var outcome = await ConformanceEngine.Shared.RunAsync(t.Case, t.Target, cancel);
        Report(t, outcome);
    }

    public static void Report(CaseUnderTest t, CaseOutcome outcome)
    {
        TestContext.Out.WriteLine($"case:      {t.Case.Id} [{t.Target}]");
        TestContext.Out.WriteLine($"checks:    {t.Case.Reference}");
        if (t.Case.DepartsFrom is { } posix)
            TestContext.Out.WriteLine($"departs:   {posix}");
        TestContext.Out.WriteLine($"expected:  {t.Case.Expected.Description}");
        TestContext.Out.WriteLine($"observed:  {outcome.Observation?.ToString() ?? "(nothing)"}");
        TestContext.Out.WriteLine($"verdict:   {outcome.Verdict.Word()}{(outcome.Reason is null ? "" : ": " + outcome.Reason)}");

        switch (outcome.Verdict)
        {
            case Verdict.Pass:
                return;
            case Verdict.LinuxSpecific:
                Assert.Pass($"Linux-specific: {outcome.Reason}");
                return;
            case Verdict.Unsupported:
                var abi = ConformanceEngine.Shared.FindAbi(t.Target);
                if (OnCi && abi is { Available: false, KernelRefuses: false })
                    Assert.Fail($"CI=true and ABI {t.Target} is unavailable: {outcome.Reason} (CI installs gcc-multilib; an ABI that should be there must not be skipped)");
                Assert.Ignore($"unsupported: {outcome.Reason}");
                return;
            default:
                outcome.Verdict.Should().BeOneOf([Verdict.Pass, Verdict.LinuxSpecific],
                    "{0} [{1}] checks \"{2}\" and expects {3}; it failed: {4}",
                    t.Case.Id, t.Target, t.Case.Reference, t.Case.Expected.Description, outcome.Reason);
                return;
        }
    }
}

using IpcBench.Conformance.Tests.Support;

namespace IpcBench.Conformance.Tests.Cases;

/// <summary>msync(): MS_SYNC, MS_ASYNC, MS_INVALIDATE, errors, file times. The expectations are in conformance/IpcBench.Conformance/Cases/; each case runs once per ABI.</summary>
[TestFixture]
[Category("Msync")]
[Parallelizable(ParallelScope.All)]
public sealed class MsyncTests
{
    [TestCaseSource(typeof(CaseSource), nameof(CaseSource.Msync))]
    [CancelAfter(60_000)]
    public Task Case(CaseUnderTest t, CancellationToken cancel) => Verdicts.RunAndAssertAsync(t, cancel);
}

using IpcBench.Conformance.Tests.Support;

namespace IpcBench.Conformance.Tests.Cases;

/// <summary>munmap(): whole and partial removal, unmapped ranges, errors. The expectations are in conformance/IpcBench.Conformance/Cases/; each case runs once per ABI.</summary>
[TestFixture]
[Category("Munmap")]
[Parallelizable(ParallelScope.All)]
public sealed class MunmapTests
{
    [TestCaseSource(typeof(CaseSource), nameof(CaseSource.Munmap))]
    [CancelAfter(60_000)]
    public Task Case(CaseUnderTest t, CancellationToken cancel) => Verdicts.RunAndAssertAsync(t, cancel);
}

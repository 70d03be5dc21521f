using IpcBench.Conformance.Tests.Support;

namespace IpcBench.Conformance.Tests.Cases;

/// <summary>an x86-64 managed process and each ABI's probe sharing one shm object, one queue, one FIFO. The expectations are in conformance/IpcBench.Conformance/Cases/; each case runs once per ABI.</summary>
[TestFixture]
[Category("CrossAbi")]
[Parallelizable(ParallelScope.All)]
public sealed class CrossAbiTests
{
    [TestCaseSource(typeof(CaseSource), nameof(CaseSource.CrossAbi))]
    [CancelAfter(60_000)]
    public Task Case(CaseUnderTest t, CancellationToken cancel) => Verdicts.RunAndAssertAsync(t, cancel);
}

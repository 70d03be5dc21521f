using IpcBench.Conformance.Tests.Support;

namespace IpcBench.Conformance.Tests.Cases;

/// <summary>mkfifo() and FIFOs: open rules, data, end of file, EPIPE, O_NONBLOCK, permissions. The expectations are in conformance/IpcBench.Conformance/Cases/; each case runs once per ABI.</summary>
[TestFixture]
[Category("Fifo")]
[Parallelizable(ParallelScope.All)]
public sealed class FifoTests
{
    [TestCaseSource(typeof(CaseSource), nameof(CaseSource.Fifo))]
    [CancelAfter(60_000)]
    public Task Case(CaseUnderTest t, CancellationToken cancel) => Verdicts.RunAndAssertAsync(t, cancel);
}

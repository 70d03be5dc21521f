using IpcBench.Conformance.Tests.Support;

namespace IpcBench.Conformance.Tests.Cases;

/// <summary>shm_open() and shm_unlink(): creation, permissions, truncation, persistence, names. The expectations are in conformance/IpcBench.Conformance/Cases/; each case runs once per ABI.</summary>
[TestFixture]
[Category("SharedMemory")]
[Parallelizable(ParallelScope.All)]
public sealed class SharedMemoryTests
{
    [TestCaseSource(typeof(CaseSource), nameof(CaseSource.SharedMemory))]
    [CancelAfter(60_000)]
    public Task Case(CaseUnderTest t, CancellationToken cancel) => Verdicts.RunAndAssertAsync(t, cancel);
}

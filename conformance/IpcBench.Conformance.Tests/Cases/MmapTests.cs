using IpcBench.Conformance.Tests.Support;

namespace IpcBench.Conformance.Tests.Cases;

/// <summary>mmap() and mprotect(): data paths, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_SHARED_VALIDATE, protections, SIGSEGV/SIGBUS, offsets, errors. The expectations are in conformance/IpcBench.Conformance/Cases/; each case runs once per ABI.</summary>
[TestFixture]
[Category("Mmap")]
[Parallelizable(ParallelScope.All)]
public sealed class MmapTests
{
    [TestCaseSource(typeof(CaseSource), nameof(CaseSource.Mmap))]
    [CancelAfter(60_000)]
    public Task Case(CaseUnderTest t, CancellationToken cancel) => Verdicts.RunAndAssertAsync(t, cancel);
}

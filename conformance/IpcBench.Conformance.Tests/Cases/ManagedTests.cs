using IpcBench.Conformance.Tests.Support;

namespace IpcBench.Conformance.Tests.Cases;

/// <summary>
/// The non-signal cases again, in this process: through the project's own bindings
/// (IpcBench.Interop, category "managed") and through Mono.Posix.NETStandard where it covers the
/// calls (category "mono-posix"). Each must meet the expectation and report every call result
/// exactly as the x86_64 probe did.
/// </summary>
[TestFixture]
[Category("Managed")]
[Parallelizable(ParallelScope.All)]
public sealed class ManagedTests
{
    [TestCaseSource(typeof(CaseSource), nameof(CaseSource.Managed))]
    [CancelAfter(60_000)]
    public Task Case(CaseUnderTest t, CancellationToken cancel) => Verdicts.RunAndAssertAsync(t, cancel);
}

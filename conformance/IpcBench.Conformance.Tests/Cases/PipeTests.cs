using IpcBench.Conformance.Tests.Support;

namespace IpcBench.Conformance.Tests.Cases;

/// <summary>pipe() and pipe2(): data, end of file, EPIPE/SIGPIPE, O_NONBLOCK, capacity, PIPE_BUF atomicity, ESPIPE. The expectations are in conformance/IpcBench.Conformance/Cases/; each case runs once per ABI.</summary>
[TestFixture]
[Category("Pipe")]
[Parallelizable(ParallelScope.All)]
public sealed class PipeTests
{
    [TestCaseSource(typeof(CaseSource), nameof(CaseSource.Pipe))]
    [CancelAfter(60_000)]
    public Task Case(CaseUnderTest t, CancellationToken cancel) => Verdicts.RunAndAssertAsync(t, cancel);
}

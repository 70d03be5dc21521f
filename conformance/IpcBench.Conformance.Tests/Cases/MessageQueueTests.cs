using IpcBench.Conformance.Tests.Support;

namespace IpcBench.Conformance.Tests.Cases;

/// <summary>POSIX message queues: order, sizes, timeouts, names, attributes and limits, permissions, mq_notify. The expectations are in conformance/IpcBench.Conformance/Cases/; each case runs once per ABI.</summary>
[TestFixture]
[Category("MessageQueue")]
[Parallelizable(ParallelScope.All)]
public sealed class MessageQueueTests
{
    [TestCaseSource(typeof(CaseSource), nameof(CaseSource.MessageQueue))]
    [CancelAfter(60_000)]
    public Task Case(CaseUnderTest t, CancellationToken cancel) => Verdicts.RunAndAssertAsync(t, cancel);
}

namespace IpcBench.Conformance.Cases;

/// <summary>
/// Requirements of the pages in scope that no case quotes, one family per file (UntestedRequirements.*.cs): each
/// with the cases that check it under another quote (<see cref="By"/>), the reason it is not testable here
/// (<see cref="Why"/>), or, testable but without a case yet, what a case would check (<see cref="Todo"/>). The trace
/// (docs/conformance-trace.md) lists them beside the requirements the cases quote; a test fails when a row has
/// neither a case nor a reason, or names a case that does not exist.
/// </summary>
public static partial class UntestedRequirements
{
    /// <summary>A requirement row: covered by <paramref name="Cases"/>, or not, with <paramref name="Reason"/>;
    /// <paramref name="NoCaseYet"/> when it is testable and the reason says what a case would check.</summary>
    public sealed record Row(string Reference, string? Reason, IReadOnlyList<string> Cases, bool NoCaseYet = false);

    /// <summary>Not testable here, and why (an option Linux lacks, a system-wide limit, a rule for applications, a permission with nothing to assert).</summary>
    static Row Why(string reference, string reason) => new(reference, reason, []);

    /// <summary>Checked by these cases, which quote another sentence.</summary>
    static Row By(string reference, params string[] cases) => new(reference, null, cases);

    /// <summary>Testable here, no case yet: what one would check.</summary>
    static Row Todo(string reference, string wouldCheck) => new(reference, wouldCheck, [], NoCaseYet: true);

    public static IReadOnlyList<Row> All { get; } = [.. Mapping, .. PipesAndFifos, .. Queues, .. SharedMemory];

    /// <summary>
    /// POSIX pages whose quotes were taken from the POSIX.1-2017 text because the 2024 text was not at hand when the
    /// rows were written (2026-12-08); their wording is to be checked against POSIX.1-2024, and the trace says so.
    /// </summary>
    public static IReadOnlySet<string> PagesQuotedFrom2017 { get; } = new SortedSet<string>(StringComparer.Ordinal)
    {
        "msync()", "mprotect()", "mlockall()", "pipe()", "mkfifo()", "fcntl()", "ftruncate()", "fstat()",
        "mq_open()", "mq_close()", "mq_unlink()", "mq_send()", "mq_receive()", "mq_getattr()", "mq_setattr()", "mq_notify()", "<mqueue.h>",
    };
}

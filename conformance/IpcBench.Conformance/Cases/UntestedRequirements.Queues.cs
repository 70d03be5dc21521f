namespace IpcBench.Conformance.Cases;

public static partial class UntestedRequirements
{
    /// <summary>Requirements of mq_open(), mq_close(), mq_unlink(), mq_send()/mq_timedsend(), mq_receive()/mq_timedreceive(), mq_getattr(), mq_setattr(), mq_notify() that no case quotes.</summary>
    static IReadOnlyList<Row> Queues =>
    [
        // ---- message queues ----
        Why("POSIX mq_open(), ERRORS: \"[ENFILE] Too many message queues are currently open in the system.\"",
            "a system-wide limit: reaching it would disturb every other process on the machine"),
        Why("POSIX mq_open(), ERRORS: \"[ENOSPC] There is insufficient space for the creation of the new message queue.\"",
            "Linux answers ENOSPC at fs.mqueue.queues_max, a system-wide count: reaching it would disturb every other process on the machine (the per-user RLIMIT_MSGQUEUE gives EMFILE, mq.limit.msgqueue)"),
        Todo("POSIX mq_close(), ERRORS: \"[EBADF] The mqdes argument is not a valid message queue descriptor.\"",
            "mq_close of a closed descriptor: EBADF")
    ];
}

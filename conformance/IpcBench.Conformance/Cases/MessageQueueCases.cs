using IpcBench.Conformance.Managed;
using IpcBench.Conformance.Model;
using static IpcBench.Conformance.Cases.Expect;

namespace IpcBench.Conformance.Cases;

/// <summary>
/// POSIX message queues (native/ipcprobe/CASES.md, "mq"). Queues are created with mq_maxmsg 4 and
/// mq_msgsize 64 unless the case says otherwise; attributes read back are attr_flags,
/// attr_maxmsg, attr_msgsize, attr_curmsgs.
/// </summary>
public static class MessageQueueCases
{
    static readonly (Expectation, string) NoMqueue =
        (Is("mq_open_errno", "ENOSYS"), "the kernel has no POSIX message queues (CONFIG_POSIX_MQUEUE off)");

    static ConformanceCase C(string id, string reference, Expectation expected) =>
        new() { Id = id, Interface = CaseInterface.MessageQueue, Reference = reference, Expected = expected & MqAttrSize, UnsupportedWhen = NoMqueue };

    /// <summary>sizeof(struct mq_attr): four longs and four reserved longs (every mq line reports it).</summary>
    static readonly Expectation MqAttrSize = ByLongBits(Is("sizeof_mq_attr", 64), Is("sizeof_mq_attr", 32));

    public static IEnumerable<ConformanceCase> All() =>
    [
        C("mq.open.create", "POSIX mq_open(): O_CREAT with attr creates the queue with mq_maxmsg and mq_msgsize as given, empty, flags 0",
            Succeeds("mq_open") & Is("attr_flags", 0) & Is("attr_maxmsg", 4) & Is("attr_msgsize", 64) & Is("attr_curmsgs", 0))
            with { Managed = MqueueChecks.OpenCreate },
        C("mq.open.excl-eexist", "POSIX mq_open(): [EEXIST] O_CREAT and O_EXCL are set and the named message queue already exists",
            Fails("mq_open", "EEXIST"))
            with { Managed = MqueueChecks.OpenExclEexist },
        C("mq.open.enoent", "POSIX mq_open(): [ENOENT] O_CREAT is not set and the named message queue does not exist",
            Fails("mq_open", "ENOENT"))
            with { Managed = MqueueChecks.OpenEnoent },
        C("mq.open.default-attr", "mq_overview(7) Linux: attr NULL gives /proc/sys/fs/mqueue/msg_default and msgsize_default (since 3.5)",
            Succeeds("mq_open") & That("attr_maxmsg == msg_default and attr_msgsize == msgsize_default (when readable)",
                o => (o.Int("msg_default") is -1 or null || o.Int("attr_maxmsg") == o.Int("msg_default"))
                     && (o.Int("msgsize_default") is -1 or null || o.Int("attr_msgsize") == o.Int("msgsize_default"))
                     && o.Int("attr_maxmsg") > 0 && o.Int("attr_msgsize") > 0,
                "attr_maxmsg", "msg_default", "attr_msgsize", "msgsize_default"))
            with { MinKernel = new Version(3, 5), Managed = MqueueChecks.OpenDefaultAttr },
        C("mq.name.no-leading-slash", "mq_open(3) glibc: [EINVAL] a name without the leading slash (POSIX: implementation-defined)",
            Fails("mq_open", "EINVAL"))
            with { Managed = MqueueChecks.NameNoLeadingSlash },
        C("mq.name.slash-only", "mq_open(3) Linux: [ENOENT] name was just \"/\" followed by no other characters",
            Fails("mq_open", "ENOENT"))
            with { Managed = MqueueChecks.NameSlashOnly },
        C("mq.name.embedded-slash", "mq_open(3) Linux: [EACCES] name contained more than one slash",
            Fails("mq_open", "EACCES"))
            with { Managed = MqueueChecks.NameEmbeddedSlash },
        C("mq.name.too-long", "POSIX mq_open(): [ENAMETOOLONG] the name is longer than {NAME_MAX} (255)",
            Fails("mq_open", "ENAMETOOLONG") & Is("name_length", 256))
            with { Managed = MqueueChecks.NameTooLong },
        C("mq.name.max-length", "POSIX mq_open(): a name of {NAME_MAX} (255) characters after the slash is valid",
            Succeeds("mq_open") & Is("name_length", 255))
            with { Managed = MqueueChecks.NameMaxLength },
        C("mq.order.priority", "POSIX mq_receive(): the oldest of the highest-priority messages is received first",
            That("received in priority order 7, 5, 3, 1, 0 and every send succeeded",
                o => Priorities(o).SequenceEqual([7, 5, 3, 1, 0]) && o.Find("send_errnos") is System.Text.Json.Nodes.JsonArray a && a.All(e => e is null),
                "received", "send_errnos"))
            with { Managed = MqueueChecks.OrderPriority },
        C("mq.order.fifo-within-priority", "POSIX mq_send(): a message is inserted after other messages of equal priority (FIFO within a priority)",
            That("received == [5:b, 5:d, 2:a, 2:c, 2:e]",
                o => o.Find("received") is System.Text.Json.Nodes.JsonArray a && a.Select(e => e?.ToString()).SequenceEqual(["5:b", "5:d", "2:a", "2:c", "2:e"])
                     && o.Find("send_errnos") is System.Text.Json.Nodes.JsonArray s && s.All(e => e is null),
                "received", "send_errnos"))
            with { Managed = MqueueChecks.OrderFifoWithinPriority },
        C("mq.send.emsgsize", "POSIX mq_send(): [EMSGSIZE] msg_len exceeds the mq_msgsize attribute of the queue",
            Fails("mq_send", "EMSGSIZE"))
            with { Managed = MqueueChecks.SendEmsgsize },
        C("mq.receive.emsgsize", "POSIX mq_receive(): [EMSGSIZE] msg_len is less than the mq_msgsize attribute of the queue",
            Fails("mq_receive", "EMSGSIZE"))
            with { Managed = MqueueChecks.ReceiveEmsgsize },
        C("mq.send.nonblock-full", "POSIX mq_send(): [EAGAIN] O_NONBLOCK is set and the queue is full (mq_maxmsg messages)",
            Is("sent", 4) & Fails("mq_send", "EAGAIN") & Is("attr_curmsgs", 4))
            with { Managed = MqueueChecks.SendNonblockFull },
        C("mq.receive.nonblock-empty", "POSIX mq_receive(): [EAGAIN] O_NONBLOCK was set and there are no messages on the queue",
            Fails("mq_receive", "EAGAIN"))
            with { Managed = MqueueChecks.ReceiveNonblockEmpty },
        C("mq.timedreceive.etimedout", "POSIX mq_timedreceive(): [ETIMEDOUT] no message arrived before the specified timeout expired (it waited)",
            Fails("mq_timedreceive", "ETIMEDOUT") & AtLeast("elapsed_ms", 10))
            with { Managed = MqueueChecks.TimedReceiveEtimedout },
        C("mq.timedsend.etimedout", "POSIX mq_timedsend(): [ETIMEDOUT] the queue stayed full until the timeout expired (it waited)",
            Fails("mq_timedsend", "ETIMEDOUT") & AtLeast("elapsed_ms", 10))
            with { Managed = MqueueChecks.TimedSendEtimedout },
        C("mq.timedreceive.past-deadline", "POSIX mq_timedreceive(): [ETIMEDOUT] an absolute timeout already passed expires at once",
            Fails("mq_timedreceive", "ETIMEDOUT") & Expectation.Irrelevant("how long an already expired wait takes is no requirement", "elapsed_ms"))
            with { Managed = MqueueChecks.TimedReceivePastDeadline },
        C("mq.timedreceive.invalid-nsec", "POSIX mq_timedreceive(): [EINVAL] would block and abstime's nanoseconds field is >= 1000 million",
            Fails("mq_timedreceive", "EINVAL"))
            with { Managed = MqueueChecks.TimedReceiveInvalidNsec },
        C("mq.timedreceive.message-ready", "mq_timedreceive(2) Linux: the timeout is validated before the queue is looked at: [EINVAL] even when a message is ready",
            Fails("mq_timedreceive", "EINVAL"))
            with { DepartsFrom = "POSIX mq_timedreceive(): the validity of abstime need not be checked if a message can be removed from the queue immediately", Managed = MqueueChecks.TimedReceiveMessageReady },
        C("mq.attr.maxmsg-zero", "POSIX mq_open(): [EINVAL] O_CREAT was specified with attr whose mq_maxmsg is less than or equal to zero",
            Fails("mq_open", "EINVAL"))
            with { Managed = MqueueChecks.AttrMaxmsgZero },
        C("mq.attr.msgsize-negative", "POSIX mq_open(): [EINVAL] O_CREAT was specified with attr whose mq_msgsize is less than or equal to zero",
            Fails("mq_open", "EINVAL"))
            with { Managed = MqueueChecks.AttrMsgsizeNegative },
        C("mq.attr.maxmsg-over-limit", "mq_open(3) Linux: [EINVAL] an unprivileged process asked for mq_maxmsg above /proc/sys/fs/mqueue/msg_max",
            Fails("mq_open", "EINVAL") & AtLeast("msg_max", 1))
            with { Managed = MqueueChecks.AttrMaxmsgOverLimit, ManagedNeedsUnprivileged = true },
        C("mq.attr.msgsize-over-limit", "mq_open(3) Linux: [EINVAL] an unprivileged process asked for mq_msgsize above /proc/sys/fs/mqueue/msgsize_max",
            Fails("mq_open", "EINVAL") & AtLeast("msgsize_max", 1))
            with { Managed = MqueueChecks.AttrMsgsizeOverLimit, ManagedNeedsUnprivileged = true },
        C("mq.setattr.only-nonblock", "POSIX mq_setattr(): only O_NONBLOCK is set from mqstat; mq_maxmsg, mq_msgsize and mq_curmsgs are ignored",
            Returns("mq_setattr", 0) & Is("old_flags", 0) & Is("attr_flags", 0x800) & Is("attr_maxmsg", 4) & Is("attr_msgsize", 64) & Is("attr_curmsgs", 0) & IsTrue("o_nonblock"))
            with { Managed = MqueueChecks.SetattrOnlyNonblock },
        C("mq.getattr.curmsgs", "POSIX mq_getattr(): mq_curmsgs is the number of messages currently on the queue",
            Returns("mq_getattr", 0) & Is("attr_curmsgs", 2))
            with { Managed = MqueueChecks.GetattrCurmsgs },
        C("mq.send.ebadf-rdonly", "POSIX mq_send(): [EBADF] mqdes is not open for writing",
            Fails("mq_send", "EBADF"))
            with { Managed = MqueueChecks.SendEbadfRdonly },
        C("mq.receive.ebadf-wronly", "POSIX mq_receive(): [EBADF] mqdes is not open for reading",
            Fails("mq_receive", "EBADF"))
            with { Managed = MqueueChecks.ReceiveEbadfWronly },
        C("mq.send.prio-max", "POSIX mq_send(): [EINVAL] msg_prio is outside the valid range (>= {MQ_PRIO_MAX}, 32768 on Linux); MQ_PRIO_MAX-1 is valid",
            AtLeast("sysconf_mq_prio_max", 32) & Fails("mq_send", "EINVAL") & Returns("mq_send_max_minus1", 0)
            & That("received_prio == sysconf_mq_prio_max - 1", o => o.Int("received_prio") is { } p && p == o.Int("sysconf_mq_prio_max") - 1, "received_prio", "sysconf_mq_prio_max"))
            with { Managed = MqueueChecks.SendPrioMax },
        C("mq.unlink.enoent", "POSIX mq_unlink(): [ENOENT] The named message queue does not exist",
            Fails("mq_unlink", "ENOENT"))
            with { Managed = MqueueChecks.UnlinkEnoent },
        C("mq.unlink.while-open", "POSIX mq_unlink(): the name is removed at once; destruction is postponed until all open descriptors are closed",
            Returns("mq_unlink", 0) & Returns("mq_send", 0) & ReturnsAtLeast("mq_receive", 0) & Fails("reopen", "ENOENT"))
            with { Managed = MqueueChecks.UnlinkWhileOpen },
        C("mq.perm.eacces", "POSIX mq_open(): [EACCES] the queue exists and the permissions specified by oflag are denied (0400, O_RDWR, unprivileged)",
            Fails("mq_open", "EACCES"))
            with { Managed = MqueueChecks.PermEacces, ManagedNeedsUnprivileged = true },
        C("mq.perm.rdonly-ok", "POSIX mq_open(): opening a 0400 queue O_RDONLY by its owner is permitted",
            Succeeds("mq_open"))
            with { Managed = MqueueChecks.PermRdonlyOk, ManagedNeedsUnprivileged = true },
        C("mq.notify.signal", "POSIX mq_notify(): a message arriving at an empty queue sends the registered signal, si_code SI_MESGQ, with the sigev_value",
            Returns("mq_notify", 0) & Is("signal", "SIGUSR1") & Is("si_code", "SI_MESGQ") & Is("si_value", 4242) & IsTrue("si_pid_is_self")),
        C("mq.notify.ebusy", "POSIX mq_notify(): [EBUSY] a process is already registered for notification by the message queue",
            Is("child_notify_ret", 0) & Fails("mq_notify", "EBUSY") & ChildExits(0)),
        C("mq.notify.one-shot", "POSIX mq_notify(): when the notification is sent, the registration is removed (a later message sends no signal)",
            Is("signals_after_first", 1) & Is("signals_after_second", 0)),
        C("mq.notify.unregister", "POSIX mq_notify(): notification NULL removes the process's registration",
            Returns("unregister", 0) & Is("signal_count", 0)),
        C("mq.notify.thread", "POSIX mq_notify(): SIGEV_THREAD runs the function with the sigev_value when a message arrives",
            Returns("mq_notify", 0) & IsTrue("called") & IsTrue("sival_ok")),
        C("mq.notify.blocked-receiver-wins", "POSIX mq_notify(): if a thread is blocked in mq_receive(), the message satisfies it and no notification is sent",
            Returns("mq_notify", 0) & Is("signal_count", 0) & ChildExits(0) & IsTrue("child_got_message")),
        C("mq.fd.poll", "mq_overview(7) Linux: a message queue descriptor is a file descriptor that poll(2) can watch (not portable)",
            Is("poll_empty_ret", 0) & Is("poll_ready_ret", 1) & IsTrue("pollin"))
            with { Managed = MqueueChecks.FdSelect },
    ];

    static IEnumerable<int> Priorities(Observation o) =>
        o.Find("received") is System.Text.Json.Nodes.JsonArray a
            ? a.Select(e => e?.ToString() is { } s && s.IndexOf(':') is > 0 and var i && int.TryParse(s.AsSpan(0, i), out var p) ? p : -1)
            : [];
}

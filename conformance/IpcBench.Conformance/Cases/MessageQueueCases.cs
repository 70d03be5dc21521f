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
        C("mq.open.create", "POSIX mq_open(), DESCRIPTION: \"If attr is non-NULL and the calling process has appropriate privileges on name, the message queue mq_maxmsg and mq_msgsize attributes shall be set to the values of the corresponding members in the mq_attr structure referred to by attr.\"",
            Succeeds("mq_open") & Is("attr_flags", 0) & Is("attr_maxmsg", 4) & Is("attr_msgsize", 64) & Is("attr_curmsgs", 0))
            with { Managed = MqueueChecks.OpenCreate },
        C("mq.open.excl-eexist", "POSIX mq_open(), ERRORS: \"[EEXIST] O_CREAT and O_EXCL are set and the named message queue already exists.\"",
            Fails("mq_open", "EEXIST"))
            with { Managed = MqueueChecks.OpenExclEexist },
        C("mq.open.enoent", "POSIX mq_open(), ERRORS: \"[ENOENT] O_CREAT is not set and the named message queue does not exist.\"",
            Fails("mq_open", "ENOENT"))
            with { Managed = MqueueChecks.OpenEnoent },
        C("mq.open.default-attr", "Linux mq_overview(7), DESCRIPTION: \"A new queue's default mq_maxmsg value will be the smaller of msg_default and msg_max.\"",
            Succeeds("mq_open") & That("attr_maxmsg == msg_default and attr_msgsize == msgsize_default (when readable)",
                o => (o.Int("msg_default") is -1 or null || o.Int("attr_maxmsg") == o.Int("msg_default"))
                     && (o.Int("msgsize_default") is -1 or null || o.Int("attr_msgsize") == o.Int("msgsize_default"))
                     && o.Int("attr_maxmsg") > 0 && o.Int("attr_msgsize") > 0,
                "attr_maxmsg", "msg_default", "attr_msgsize", "msgsize_default"))
            with { MinKernel = new Version(3, 5), Managed = MqueueChecks.OpenDefaultAttr },
        C("mq.name.no-leading-slash", "Linux mq_open(3), ERRORS: \"EINVAL name doesn't follow the format in mq_overview(7).\"",
            Fails("mq_open", "EINVAL"))
            with { Managed = MqueueChecks.NameNoLeadingSlash },
        C("mq.name.slash-only", "Linux mq_open(3), ERRORS: \"ENOENT name was just \"/\" followed by no other characters.\"",
            Fails("mq_open", "ENOENT"))
            with { Managed = MqueueChecks.NameSlashOnly },
        C("mq.name.empty", "Linux mq_open(3), ERRORS: \"EINVAL name doesn't follow the format in mq_overview(7).\" (the empty name)",
            Fails("mq_open", "EINVAL"))
            with { Managed = MqueueChecks.NameEmpty },
        C("mq.name.embedded-slash", "Linux mq_open(3), ERRORS: \"EACCES name contained more than one slash.\"",
            Fails("mq_open", "EACCES"))
            with { Managed = MqueueChecks.NameEmbeddedSlash },
        C("mq.name.too-long", "Linux mq_open(3), ERRORS: \"ENAMETOOLONG name was too long.\"",
            Fails("mq_open", "ENAMETOOLONG") & Is("name_length", 256))
            with { Managed = MqueueChecks.NameTooLong },
        C("mq.name.max-length", "Linux mq_overview(7), DESCRIPTION: \"Each message queue is identified by a name of the form /somename; that is, a null-terminated string of up to NAME_MAX (i.e., 255) characters consisting of an initial slash, followed by one or more characters, none of which are slashes.\" (255 characters after the slash are accepted: the kernel counts the name without its slash, one more than this sentence's count)",
            Succeeds("mq_open") & Is("name_length", 255))
            with { Managed = MqueueChecks.NameMaxLength },
        C("mq.order.priority", "POSIX mq_receive(), DESCRIPTION: \"The mq_receive() function shall receive the oldest of the highest priority message(s) from the message queue specified by mqdes.\"",
            That("received in priority order 7, 5, 3, 1, 0 and every send succeeded",
                o => Priorities(o).SequenceEqual([7, 5, 3, 1, 0]) && o.Find("send_errnos") is System.Text.Json.Nodes.JsonArray a && a.All(e => e is null),
                "received", "send_errnos"))
            with { Managed = MqueueChecks.OrderPriority },
        C("mq.order.fifo-within-priority", "POSIX mq_send(), DESCRIPTION: \"A message shall be inserted after other messages in the queue, if any, with equal msg_prio.\"",
            That("received == [5:b, 5:d, 2:a, 2:c, 2:e]",
                o => o.Find("received") is System.Text.Json.Nodes.JsonArray a && a.Select(e => e?.ToString()).SequenceEqual(["5:b", "5:d", "2:a", "2:c", "2:e"])
                     && o.Find("send_errnos") is System.Text.Json.Nodes.JsonArray s && s.All(e => e is null),
                "received", "send_errnos"))
            with { Managed = MqueueChecks.OrderFifoWithinPriority },
        C("mq.send.emsgsize", "POSIX mq_send(), ERRORS: \"[EMSGSIZE] The specified message length, msg_len, exceeds the message size attribute of the message queue.\"",
            Fails("mq_send", "EMSGSIZE"))
            with { Managed = MqueueChecks.SendEmsgsize },
        C("mq.receive.emsgsize", "POSIX mq_receive(), ERRORS: \"[EMSGSIZE] The specified message buffer size, msg_len, is less than the message size attribute of the message queue.\"",
            Fails("mq_receive", "EMSGSIZE"))
            with { Managed = MqueueChecks.ReceiveEmsgsize },
        C("mq.send.nonblock-full", "POSIX mq_send(), ERRORS: \"[EAGAIN] The O_NONBLOCK flag is set in the message queue description associated with mqdes, and the specified message queue is full.\"",
            Is("sent", 4) & Fails("mq_send", "EAGAIN") & Is("attr_curmsgs", 4))
            with { Managed = MqueueChecks.SendNonblockFull },
        C("mq.receive.nonblock-empty", "POSIX mq_receive(), ERRORS: \"[EAGAIN] O_NONBLOCK was set in the message description associated with mqdes, and the specified message queue is empty.\"",
            Fails("mq_receive", "EAGAIN"))
            with { Managed = MqueueChecks.ReceiveNonblockEmpty },
        C("mq.timedreceive.etimedout", "POSIX mq_receive(), ERRORS: \"[ETIMEDOUT] The O_NONBLOCK flag was not set when the message queue was opened, but no message arrived on the queue before the specified timeout expired.\"",
            Fails("mq_timedreceive", "ETIMEDOUT") & AtLeast("elapsed_ms", 10))
            with { Managed = MqueueChecks.TimedReceiveEtimedout },
        C("mq.timedsend.etimedout", "POSIX mq_send(), ERRORS: \"[ETIMEDOUT] The O_NONBLOCK flag was not set when the message queue was opened, but the timeout expired before the message could be added to the queue.\"",
            Fails("mq_timedsend", "ETIMEDOUT") & AtLeast("elapsed_ms", 10))
            with { Managed = MqueueChecks.TimedSendEtimedout },
        C("mq.timedreceive.past-deadline", "POSIX mq_receive(), DESCRIPTION: \"The timeout shall expire when the absolute time specified by abstime passes, as measured by the clock on which timeouts are based (that is, when the value of that clock equals or exceeds abstime), or if the absolute time specified by abstime has already been passed at the time of the call.\"",
            Fails("mq_timedreceive", "ETIMEDOUT") & Expectation.Irrelevant("how long an already expired wait takes is no requirement", "elapsed_ms"))
            with { Managed = MqueueChecks.TimedReceivePastDeadline },
        C("mq.timedreceive.invalid-nsec", "POSIX mq_receive(), ERRORS: \"[EINVAL] The process or thread would have blocked, and the abstime parameter specified a nanoseconds field value less than zero or greater than or equal to 1000 million.\"",
            Fails("mq_timedreceive", "EINVAL"))
            with { Managed = MqueueChecks.TimedReceiveInvalidNsec },
        C("mq.timedreceive.message-ready", "POSIX mq_receive(), DESCRIPTION: \"The validity of the abstime parameter need not be checked if a message can be removed from the message queue immediately.\" (Linux checks it first)",
            Fails("mq_timedreceive", "EINVAL"))
            with { DepartsFrom = "POSIX mq_timedreceive(): the validity of abstime need not be checked if a message can be removed from the queue immediately", Managed = MqueueChecks.TimedReceiveMessageReady },
        C("mq.attr.maxmsg-zero", "POSIX mq_open(), ERRORS: \"[EINVAL] O_CREAT was specified in oflag, the value of attr is not NULL, and either mq_maxmsg or mq_msgsize was less than or equal to zero.\" (mq_maxmsg 0)",
            Fails("mq_open", "EINVAL"))
            with { Managed = MqueueChecks.AttrMaxmsgZero },
        C("mq.attr.msgsize-negative", "POSIX mq_open(), ERRORS: \"[EINVAL] O_CREAT was specified in oflag, the value of attr is not NULL, and either mq_maxmsg or mq_msgsize was less than or equal to zero.\" (mq_msgsize -1)",
            Fails("mq_open", "EINVAL"))
            with { Managed = MqueueChecks.AttrMsgsizeNegative },
        C("mq.attr.maxmsg-over-limit", "Linux mq_open(3), ERRORS: \"EINVAL O_CREAT was specified in oflag, and attr was not NULL, but attr->mq_maxmsg or attr->mq_msqsize was invalid.\" (unprivileged, above msg_max)",
            Fails("mq_open", "EINVAL") & AtLeast("msg_max", 1))
            with { Managed = MqueueChecks.AttrMaxmsgOverLimit, ManagedNeedsUnprivileged = true },
        C("mq.attr.msgsize-over-limit", "Linux mq_open(3), ERRORS: \"EINVAL O_CREAT was specified in oflag, and attr was not NULL, but attr->mq_maxmsg or attr->mq_msqsize was invalid.\" (unprivileged, above msgsize_max)",
            Fails("mq_open", "EINVAL") & AtLeast("msgsize_max", 1))
            with { Managed = MqueueChecks.AttrMsgsizeOverLimit, ManagedNeedsUnprivileged = true },
        C("mq.setattr.only-nonblock", "POSIX mq_setattr(), DESCRIPTION: \"The values of the mq_maxmsg, mq_msgsize, and mq_curmsgs members of the mq_attr structure shall be ignored by mq_setattr().\"",
            Returns("mq_setattr", 0) & Is("old_flags", 0) & Is("attr_flags", 0x800) & Is("attr_maxmsg", 4) & Is("attr_msgsize", 64) & Is("attr_curmsgs", 0) & IsTrue("o_nonblock"))
            with { Managed = MqueueChecks.SetattrOnlyNonblock },
        C("mq.getattr.curmsgs", "POSIX mq_getattr(), DESCRIPTION: \"The mq_getattr() function shall obtain status information and attributes of the message queue and the open message queue description associated with the message queue descriptor.\" (mq_curmsgs counts the messages queued)",
            Returns("mq_getattr", 0) & Is("attr_curmsgs", 2))
            with { Managed = MqueueChecks.GetattrCurmsgs },
        C("mq.send.ebadf-rdonly", "POSIX mq_send(), ERRORS: \"[EBADF] The mqdes argument is not a valid message queue descriptor open for writing.\"",
            Fails("mq_send", "EBADF"))
            with { Managed = MqueueChecks.SendEbadfRdonly },
        C("mq.receive.ebadf-wronly", "POSIX mq_receive(), ERRORS: \"[EBADF] The mqdes argument is not a valid message queue descriptor open for reading.\"",
            Fails("mq_receive", "EBADF"))
            with { Managed = MqueueChecks.ReceiveEbadfWronly },
        C("mq.send.prio-max", "POSIX mq_send(), ERRORS: \"[EINVAL] The value of msg_prio was outside the valid range.\" ({MQ_PRIO_MAX} as sysconf() reports it)",
            AtLeast("sysconf_mq_prio_max", 32) & Fails("mq_send", "EINVAL") & Returns("mq_send_max_minus1", 0)
            & That("received_prio == sysconf_mq_prio_max - 1", o => o.Int("received_prio") is { } p && p == o.Int("sysconf_mq_prio_max") - 1, "received_prio", "sysconf_mq_prio_max"))
            with { Managed = MqueueChecks.SendPrioMax },
        C("mq.unlink.enoent", "POSIX mq_unlink(), ERRORS: \"[ENOENT] The named message queue does not exist.\"",
            Fails("mq_unlink", "ENOENT"))
            with { Managed = MqueueChecks.UnlinkEnoent },
        C("mq.unlink.while-open", "POSIX mq_unlink(), DESCRIPTION: \"If one or more processes have the message queue open when mq_unlink() is called, destruction of the message queue shall be postponed until all references to the message queue have been closed.\"",
            Returns("mq_unlink", 0) & Returns("mq_send", 0) & ReturnsAtLeast("mq_receive", 0) & Fails("reopen", "ENOENT"))
            with { Managed = MqueueChecks.UnlinkWhileOpen },
        C("mq.perm.eacces", "POSIX mq_open(), ERRORS: \"[EACCES] The message queue exists and the permissions specified by oflag are denied, or the message queue does not exist and permission to create the message queue is denied.\" (0400, O_RDWR, unprivileged)",
            Fails("mq_open", "EACCES"))
            with { Managed = MqueueChecks.PermEacces, ManagedNeedsUnprivileged = true },
        C("mq.perm.rdonly-ok", "POSIX mq_open(), ERRORS: \"[EACCES] The message queue exists and the permissions specified by oflag are denied, or the message queue does not exist and permission to create the message queue is denied.\" (0400, O_RDONLY is permitted)",
            Succeeds("mq_open"))
            with { Managed = MqueueChecks.PermRdonlyOk, ManagedNeedsUnprivileged = true },
        C("mq.notify.signal", "POSIX <signal.h>, DESCRIPTION: \"SI_MESGQ The signal was generated by the arrival of a message on an empty message queue.\"",
            Returns("mq_notify", 0) & Is("signal", "SIGUSR1") & Is("si_code", "SI_MESGQ") & Is("si_value", 4242) & IsTrue("si_pid_is_self")),
        C("mq.notify.ebusy", "POSIX mq_notify(), ERRORS: \"[EBUSY] A process is already registered for notification by the message queue.\"",
            Is("child_notify_ret", 0) & Fails("mq_notify", "EBUSY") & ChildExits(0)),
        C("mq.notify.one-shot", "POSIX mq_notify(), DESCRIPTION: \"When the notification is sent to the registered process, its registration shall be removed.\"",
            Is("signals_after_first", 1) & Is("signals_after_second", 0)),
        C("mq.notify.unregister", "POSIX mq_notify(), DESCRIPTION: \"If notification is NULL and the process is currently registered for notification by the specified message queue, the existing registration shall be removed.\"",
            Returns("unregister", 0) & Is("signal_count", 0)),
        C("mq.notify.thread", "POSIX mq_notify(), DESCRIPTION: \"If the argument notification is not NULL, this function shall register the calling process to be notified of message arrival at an empty message queue associated with the specified message queue descriptor, mqdes.\" (SIGEV_THREAD)",
            Returns("mq_notify", 0) & IsTrue("called") & IsTrue("sival_ok")),
        C("mq.notify.blocked-receiver-wins", "POSIX mq_notify(), DESCRIPTION: \"If some thread is blocked in mq_receive() waiting to receive a message when a message arrives at an empty queue, then the appropriate mq_receive() shall complete successfully and no notification shall be sent.\"",
            Returns("mq_notify", 0) & Is("signal_count", 0) & ChildExits(0) & IsTrue("child_got_message")),
        C("mq.close.ebadf", "POSIX mq_close(), ERRORS: \"[EBADF] The mqdes argument is not a valid message queue descriptor.\" (the descriptor just closed)",
            Returns("mq_close", 0) & Fails("fcntl_getfd", "EBADF") & Fails("mq_close_again", "EBADF")),
        C("mq.getattr.ebadf", "POSIX mq_getattr(), ERRORS: \"[EBADF] The mqdes argument is not a valid message queue descriptor.\" (a closed descriptor)",
            Fails("mq_getattr", "EBADF")),
        C("mq.setattr.ebadf", "POSIX mq_setattr(), ERRORS: \"[EBADF] The mqdes argument is not a valid message queue descriptor.\" (a closed descriptor, mq_flags 0)",
            Fails("mq_setattr", "EBADF")),
        C("mq.setattr.einval-unchanged", "POSIX mq_setattr(), RETURN VALUE: \"Otherwise, the message queue attributes shall be unchanged, and the function shall return a value of -1 and set errno to indicate the error.\" (mq_flags O_NONBLOCK | O_APPEND: Linux's EINVAL)",
            Fails("mq_setattr", "EINVAL") & Is("attr_flags", 0) & Is("attr_maxmsg", 4) & Is("attr_msgsize", 64) & Is("attr_curmsgs", 0)),
        C("mq.setattr.old-attr", "POSIX mq_setattr(), DESCRIPTION: \"If omqstat is non-NULL, the mq_setattr() function shall store, in the location referenced by omqstat, the previous message queue attributes and the current queue status.\" (one message queued)",
            Returns("mq_setattr", 0) & Is("old_flags", 0) & Is("old_maxmsg", 4) & Is("old_msgsize", 64) & Is("old_curmsgs", 1)
            & Same("before_flags", "old_flags") & Same("before_maxmsg", "old_maxmsg") & Same("before_msgsize", "old_msgsize") & Same("before_curmsgs", "old_curmsgs")),
        C("mq.timedsend.invalid-nsec", "POSIX mq_send(), ERRORS: \"[EINVAL] The process or thread would have blocked, and the abstime parameter specified a nanoseconds field value less than zero or greater than or equal to 1000 million.\" (a full queue, tv_nsec 1000000000)",
            Fails("mq_timedsend", "EINVAL")),
        C("mq.timedsend.negative-sec", "Linux mq_send(3), ERRORS: \"EINVAL The call would have blocked, and abs_timeout was invalid, either because tv_sec was less than zero, or because tv_nsec was less than zero or greater than 1000 million.\" (a full queue, abstime {-1, 0})",
            Fails("mq_timedsend", "EINVAL"))
            with { DepartsFrom = "POSIX mq_timedsend(): an abstime already passed (here one second before the Epoch) ends the wait with [ETIMEDOUT]; [EINVAL] is for a nanoseconds field out of range only" },
        C("mq.timedreceive.negative-sec", "Linux mq_receive(3), ERRORS: \"EINVAL The call would have blocked, and abs_timeout was invalid, either because tv_sec was less than zero, or because tv_nsec was less than zero or greater than 1000 million.\" (an empty queue, abstime {-1, 0})",
            Fails("mq_timedreceive", "EINVAL"))
            with { DepartsFrom = "POSIX mq_timedreceive(): an abstime already passed (here one second before the Epoch) ends the wait with [ETIMEDOUT]; [EINVAL] is for a nanoseconds field out of range only" },
        C("mq.timedsend.past-deadline", "POSIX mq_send(), DESCRIPTION: \"Under no circumstance shall the operation fail with a timeout if there is sufficient room in the queue to add the message immediately.\" (abstime one second past; then, the queue full, the same abstime times out)",
            Returns("mq_timedsend", 0) & Is("attr_curmsgs", 1) & Fails("mq_timedsend_full", "ETIMEDOUT")),
        C("mq.timedreceive.past-deadline-ready", "POSIX mq_receive(), DESCRIPTION: \"Under no circumstance shall the operation fail with a timeout if a message can be removed from the message queue immediately.\" (abstime one second past)",
            Returns("mq_timedreceive", 5) & Is("received", "hello") & Is("received_prio", 3)),
        C("mq.open.attr-flags-curmsgs-ignored", "POSIX mq_open(), DESCRIPTION: \"The values of the mq_flags and mq_curmsgs members of the mq_attr structure shall be ignored.\" (attr mq_flags O_NONBLOCK, mq_curmsgs 3)",
            Succeeds("mq_open") & Is("attr_flags", 0) & Is("attr_maxmsg", 4) & Is("attr_msgsize", 64) & Is("attr_curmsgs", 0)),
        C("mq.open.existing-keeps-attr", "POSIX mq_open(), DESCRIPTION: \"If the pathname name has already been used to create a message queue that still exists, then this flag shall have no effect, except as noted under O_EXCL.\" (O_CREAT with attr {8, 128} on a queue {4, 64} holding one message)",
            Succeeds("mq_open") & Is("attr_flags", 0) & Is("attr_maxmsg", 4) & Is("attr_msgsize", 64) & Is("attr_curmsgs", 1)),
        C("mq.notify.ebusy-self", "POSIX mq_notify(), DESCRIPTION: \"If the calling process or any other process has already registered for notification of message arrival at the specified message queue, subsequent attempts to register for that message queue shall fail.\" (the calling process, through the same and through a second descriptor)",
            Returns("mq_notify", 0) & Fails("mq_notify_again", "EBUSY") & Fails("mq_notify_other_descriptor", "EBUSY")),
        C("mq.notify.einval", "Linux mq_notify(3), ERRORS: \"EINVAL sevp->sigev_notify is not one of the permitted values; or sevp->sigev_notify is SIGEV_SIGNAL and sevp->sigev_signo is not a valid signal number.\" (sigev_notify 99; SIGEV_SIGNAL with signal 65)",
            Fails("mq_notify_bad_notify", "EINVAL") & Fails("mq_notify_bad_signo", "EINVAL") & Returns("mq_notify_valid", 0)),
        C("mq.close.removes-notify", "POSIX mq_close(), DESCRIPTION: \"If the process has successfully attached a notification request to the message queue via this mqdes, this attachment shall be removed, and the message queue is available for another process to attach for notification.\" (the queue stays open through a second descriptor)",
            Returns("mq_notify", 0) & Fails("child_before_close", "EBUSY") & Returns("mq_close", 0) & Returns("child_after_close", 0)),
        C("mq.notify.available-after", "POSIX mq_notify(), DESCRIPTION: \"The message queue shall then be available for registration.\" (after the SIGEV_SIGNAL notification of a send to the empty queue)",
            Returns("mq_notify", 0) & Fails("child_before_send", "EBUSY") & Is("signal_count", 1) & Returns("child_after_notification", 0)),
        C("mq.notify.ebadf", "POSIX mq_notify(), ERRORS: \"[EBADF] The mqdes argument is not a valid message queue descriptor.\" (a closed descriptor, SIGEV_NONE)",
            Fails("mq_notify", "EBADF")),
        C("mq.unlink.eacces", "POSIX mq_unlink(), ERRORS: \"[EACCES] Permission is denied to unlink the named message queue.\" (root's queue, mode 0666, unlinked by uid 65534)",
            Fails("mq_unlink", "EACCES") & Succeeds("reopen") & Returns("receive", 1))
            with { NeedsRoot = "the queue must belong to another user than the one unlinking it: root creates it and a helper dropped to uid 65534 unlinks; an unprivileged user cannot make a queue owned by someone else" },
        C("mq.open.enospc", "POSIX mq_open(), ERRORS: \"[ENOSPC] There is insufficient space for the creation of the new message queue.\" (Linux: fs.mqueue.queues_max 1 in a private IPC namespace, as uid 65534)",
            Same("host_queues_max_before", "host_queues_max_after") & Returns("ns_write_2048", 0) & Is("ns_queues_max_read", 2048) & Returns("ns_write_1", 0)
            & Returns("mq_open_first", 0) & Fails("mq_open_second", "ENOSPC"))
            with { MinKernel = new Version(3, 14), NeedsRoot = "queues_max can only be lowered to 1 without affecting every process on the machine in a private IPC namespace, and unshare(CLONE_NEWIPC) needs CAP_SYS_ADMIN" },
        C("mq.unlink.too-long", "POSIX mq_unlink(), ERRORS: \"[ENAMETOOLONG] The length of the name argument exceeds {_POSIX_PATH_MAX} on systems that do not support the XSI option or exceeds {_XOPEN_PATH_MAX} on XSI systems, or has a pathname component that is longer than {_POSIX_NAME_MAX} on systems that do not support the XSI option or longer than {_XOPEN_NAME_MAX} on XSI systems.\" (256 characters after the slash; {_XOPEN_NAME_MAX} is 255)",
            Fails("mq_unlink", "ENAMETOOLONG") & Is("name_length", 256)),
        C("mq.unlink.max-length", "POSIX mq_unlink(), ERRORS: \"[ENAMETOOLONG] A call to mq_unlink() with a name argument that contains the same message queue name as was previously used in a successful mq_open() call shall not give an [ENAMETOOLONG] error.\" (the 255-character name mq_open just created; afterwards the name no longer opens)",
            Is("name_length", 255) & Returns("mq_unlink", 0) & Fails("reopen", "ENOENT")),
        C("mq.unlink.name-reuse", "POSIX mq_unlink(), DESCRIPTION: \"After a successful call to mq_unlink(), reuse of the name shall subsequently cause mq_open() to behave as if no message queue of this name exists (that is, mq_open() will fail if O_CREAT is not set, or will create a new message queue if O_CREAT is set).\" (O_CREAT | O_EXCL with attr {8, 128} after unlinking a queue {4, 64} that holds one message and stays open)",
            Succeeds("mq_open") & Is("new_maxmsg", 8) & Is("new_curmsgs", 0) & Is("old_curmsgs", 1) & Returns("old_receive", 3) & Is("old_received", "old")),
        C("mq.receive.emsgsize-keeps", "POSIX mq_receive(), RETURN VALUE: \"Otherwise, no message shall be removed from the queue, the functions shall return a value of -1, and set errno to indicate the error.\" (a 63-byte buffer for mq_msgsize 64: EMSGSIZE; the message, priority 5, stays)",
            Fails("mq_receive", "EMSGSIZE") & Is("attr_curmsgs", 1) & Returns("receive_again", 1) & Is("received", "x") & Is("received_prio", 5)),
        C("mq.timedsend.nonblock-full", "POSIX mq_send(), DESCRIPTION: \"If O_NONBLOCK is set in the message queue description, this function shall be equivalent to mq_send().\" (a full O_NONBLOCK queue, abstime 5 s ahead: mq_send's [EAGAIN], not a wait ending in [ETIMEDOUT])",
            Fails("mq_timedsend", "EAGAIN")),
        C("mq.timedreceive.nonblock-empty", "POSIX mq_receive(), DESCRIPTION: \"If O_NONBLOCK is set, this function is equivalent to mq_receive().\" (an empty O_NONBLOCK queue, abstime 5 s ahead: mq_receive's [EAGAIN], not a wait ending in [ETIMEDOUT])",
            Fails("mq_timedreceive", "EAGAIN")),
        C("mq.timedreceive.order", "POSIX mq_receive(), DESCRIPTION: \"The mq_timedreceive() function shall receive the oldest of the highest priority messages from the message queue specified by mqdes as described for the mq_receive() function.\" (the five messages of mq.order.priority, received with mq_timedreceive)",
            That("received in priority order 7, 5, 3, 1, 0 and every send succeeded",
                o => Priorities(o).SequenceEqual([7, 5, 3, 1, 0]) && o.Find("send_errnos") is System.Text.Json.Nodes.JsonArray a && a.All(e => e is null),
                "received", "send_errnos")),
        C("mq.open.umask", "Linux mq_open(3), BUGS: \"Before Linux 2.6.14, the process umask was not applied to the permissions specified in mode.\" (umask 077, mode 0666: the queue's descriptor shows 0600)",
            Succeeds("mq_open") & Mode("mode", "0600")),
        C("mq.fd.poll", "Linux mq_overview(7), DESCRIPTION: \"On Linux, a message queue descriptor is actually a file descriptor.\"",
            Is("poll_empty_ret", 0) & Is("poll_ready_ret", 1) & IsTrue("pollin"))
            with { Managed = MqueueChecks.FdSelect },
    ];

    static IEnumerable<int> Priorities(Observation o) =>
        o.Find("received") is System.Text.Json.Nodes.JsonArray a
            ? a.Select(e => e?.ToString() is { } s && s.IndexOf(':') is > 0 and var i && int.TryParse(s.AsSpan(0, i), out var p) ? p : -1)
            : [];
}

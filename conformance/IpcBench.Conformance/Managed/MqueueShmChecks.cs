using System.Text;
using System.Text.Json.Nodes;
using IpcBench.Conformance.Model;
using IpcBench.Interop;
using static IpcBench.Conformance.Managed.Checks;
using static IpcBench.Interop.Posix;

namespace IpcBench.Conformance.Managed;

/// <summary>
/// The message-queue cases through IpcBench.Interop (x86-64 <c>struct mq_attr</c>, 64 bytes), in process.
/// Blocking calls are bounded: non-blocking descriptors or absolute timeouts of at most 50 ms.
/// </summary>
internal static unsafe class MqueueChecks
{
    const int CLOCK_REALTIME = 0;

    static Observation With(Action<ManagedRun> body) => Checks.With(r =>
    {
        r.Set("sizeof_mq_attr", sizeof(MqAttr));
        body(r);
    });

    static SafeMqDescriptor? OpenStep(ManagedRun r, string step, string name, int flags, uint mode = 0, long maxmsg = 4, long msgsize = 64, bool nullAttr = false)
    {
        int q;
        if ((flags & O_CREAT) == 0)
            q = MqOpenRaw(name, flags);
        else if (nullAttr)
            q = MqOpenRaw(name, flags, mode, null);
        else
        {
            var a = new MqAttr { MaxMsg = maxmsg, MsgSize = msgsize };
            q = MqOpenRaw(name, flags, mode, &a);
        }
        r.Step(step, q == -1 ? -1 : 0);
        return q == -1 ? null : r.Own(new SafeMqDescriptor(q));
    }

    /// <summary>A queue made as setup (O_CREAT|O_EXCL, 0600), its name unlinked on dispose.</summary>
    static SafeMqDescriptor NewQueue(ManagedRun r, string name, int flags, long maxmsg = 4, long msgsize = 64, uint mode = 0x180)
    {
        var a = new MqAttr { MaxMsg = maxmsg, MsgSize = msgsize };
        return r.Own(MqOpen(name, O_CREAT | O_EXCL | flags, mode, a));
    }

    static void AttrFields(ManagedRun r, SafeMqDescriptor q)
    {
        var a = MqGetAttr(q);
        r.Set("attr_flags", a.Flags);
        r.Set("attr_maxmsg", a.MaxMsg);
        r.Set("attr_msgsize", a.MsgSize);
        r.Set("attr_curmsgs", a.CurMsgs);
    }

    static int Send(SafeMqDescriptor q, ReadOnlySpan<byte> msg, uint prio)
    {
        fixed (byte* p = msg)
            return MqTimedSendRaw(q, p, (nuint)msg.Length, prio, null);
    }

    /// <summary>Receives one message and records its priority as <c>received_prio</c> (null when the receive failed).</summary>
    static void ReceivePrio(ManagedRun r, SafeMqDescriptor q)
    {
        var b = stackalloc byte[64];
        uint prio = 0;
        var n = MqTimedReceiveRaw(q, b, 64, &prio, null);
        r.Set("received_prio", n >= 0 ? prio : null);
    }

    static TimeSpec Deadline(long ms)
    {
        var now = DateTimeOffset.UtcNow;
        var ns = (now - DateTimeOffset.UnixEpoch).Ticks * 100 + ms * 1_000_000;
        return new TimeSpec(ns / 1_000_000_000, ns % 1_000_000_000);
    }

    static long NowMs() => System.Diagnostics.Stopwatch.GetTimestamp() * 1000 / System.Diagnostics.Stopwatch.Frequency;

    public static Observation OpenCreate() => With(r =>
    {
        var q = OpenStep(r, "mq_open", r.MqName("q"), O_CREAT | O_EXCL | O_RDWR, 0x180);
        if (q is not null)
            AttrFields(r, q);
    });

    public static Observation OpenExclEexist() => With(r =>
    {
        var name = r.MqName("q");
        NewQueue(r, name, O_RDWR);
        OpenStep(r, "mq_open", name, O_CREAT | O_EXCL | O_RDWR, 0x180);
    });

    public static Observation OpenEnoent() => With(r => OpenStep(r, "mq_open", r.MqName("missing"), O_RDWR));

    public static Observation OpenDefaultAttr() => With(r =>
    {
        var q = OpenStep(r, "mq_open", r.MqName("q"), O_CREAT | O_EXCL | O_RDWR, 0x180, nullAttr: true);
        r.Set("msg_default", ReadProc("/proc/sys/fs/mqueue/msg_default"));
        r.Set("msgsize_default", ReadProc("/proc/sys/fs/mqueue/msgsize_default"));
        if (q is null) return;
        var a = MqGetAttr(q);
        r.Set("attr_maxmsg", a.MaxMsg);
        r.Set("attr_msgsize", a.MsgSize);
    });

    /// <summary>A number from a /proc file, -1 when unreadable (the probe's read_proc_long).</summary>
    internal static long ReadProc(string path)
    {
        try
        {
            return long.Parse(File.ReadAllText(path).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return -1;
        }
    }

    static void NameCase(ManagedRun r, string name, bool showLength)
    {
        if (showLength)
            r.Set("name_length", (long)Encoding.UTF8.GetByteCount(name) - 1);
        OpenStep(r, "mq_open", name, O_CREAT | O_EXCL | O_RDWR, 0x180);
    }

    public static Observation NameNoLeadingSlash() => With(r =>
    {
        var slashed = r.MqName("ns");
        NameCase(r, slashed[1..], false);
    });

    public static Observation NameSlashOnly() => With(r => NameCase(r, "/", false));

    public static Observation NameEmpty() => With(r => NameCase(r, "", false));

    public static Observation NameEmbeddedSlash() => With(r => NameCase(r, $"/ipcbench-{Environment.ProcessId}/x", false));

    static string LongName(ManagedRun r, int length)
    {
        var head = r.MqName("x");
        var name = head.PadRight(length + 1, 'x')[..(length + 1)];
        r.Own(new Unlinker(() => MqUnlinkRaw(name)));
        return name;
    }

    public static Observation NameTooLong() => With(r => NameCase(r, LongName(r, 256), true));

    public static Observation NameMaxLength() => With(r => NameCase(r, LongName(r, 255), true));

    static void SendReceiveAll(ManagedRun r, SafeMqDescriptor q, uint[] prios, string[] payloads)
    {
        var errnos = new JsonArray();
        for (var i = 0; i < prios.Length; i++)
            errnos.Add(Send(q, Encoding.ASCII.GetBytes(payloads[i]), prios[i]) < 0 ? ManagedRun.ErrnoName(LastErrno) : null);
        r.Set("send_errnos", errnos);
        var received = new JsonArray();
        var buf = stackalloc byte[128];
        for (var i = 0; i < prios.Length; i++)
        {
            uint prio = 0;
            var n = MqTimedReceiveRaw(q, buf, 128, &prio, null);
            if (n < 0)
            {
                received.Add(ManagedRun.ErrnoName(LastErrno));
                break;
            }
            received.Add($"{prio}:{Encoding.ASCII.GetString(buf, (int)n)}");
        }
        r.Set("received", received);
    }

    public static Observation OrderPriority() => With(r =>
        SendReceiveAll(r, NewQueue(r, r.MqName("q"), O_RDWR | O_NONBLOCK, 8), [1, 5, 3, 0, 7], ["p1", "p5", "p3", "p0", "p7"]));

    public static Observation OrderFifoWithinPriority() => With(r =>
        SendReceiveAll(r, NewQueue(r, r.MqName("q"), O_RDWR | O_NONBLOCK, 8), [2, 5, 2, 5, 2], ["a", "b", "c", "d", "e"]));

    public static Observation SendEmsgsize() => With(r =>
    {
        var q = NewQueue(r, r.MqName("q"), O_RDWR | O_NONBLOCK);
        r.Step("mq_send", Send(q, new byte[65], 0));
    });

    public static Observation ReceiveEmsgsize() => With(r =>
    {
        var q = NewQueue(r, r.MqName("q"), O_RDWR | O_NONBLOCK);
        Send(q, "x"u8, 0);
        var b = stackalloc byte[63];
        r.Step("mq_receive", MqTimedReceiveRaw(q, b, 63, null, null));
    });

    public static Observation SendNonblockFull() => With(r =>
    {
        var q = NewQueue(r, r.MqName("q"), O_RDWR | O_NONBLOCK);
        var sent = 0;
        for (var i = 0; i < 4; i++)
            sent += Send(q, "m"u8, 0) == 0 ? 1 : 0;
        r.Set("sent", sent);
        r.Step("mq_send", Send(q, "m"u8, 0));
        r.Set("attr_curmsgs", MqGetAttr(q).CurMsgs);
    });

    public static Observation ReceiveNonblockEmpty() => With(r =>
    {
        var q = NewQueue(r, r.MqName("q"), O_RDWR | O_NONBLOCK);
        var b = stackalloc byte[64];
        r.Step("mq_receive", MqTimedReceiveRaw(q, b, 64, null, null));
    });

    public static Observation TimedReceiveEtimedout() => With(r =>
    {
        var q = NewQueue(r, r.MqName("q"), O_RDWR);
        var b = stackalloc byte[64];
        var t0 = NowMs();
        var ts = Deadline(50);
        r.Step("mq_timedreceive", MqTimedReceiveRaw(q, b, 64, null, &ts));
        r.Set("elapsed_ms", NowMs() - t0);
    });

    public static Observation TimedSendEtimedout() => With(r =>
    {
        var q = NewQueue(r, r.MqName("q"), O_RDWR);
        for (var i = 0; i < 4; i++)
            Send(q, "m"u8, 0);
        var t0 = NowMs();
        var ts = Deadline(50);
        var m = (byte)'m';
        r.Step("mq_timedsend", MqTimedSendRaw(q, &m, 1, 0, &ts));
        r.Set("elapsed_ms", NowMs() - t0);
    });

    public static Observation TimedReceivePastDeadline() => With(r =>
    {
        var q = NewQueue(r, r.MqName("q"), O_RDWR);
        var b = stackalloc byte[64];
        var t0 = NowMs();
        var ts = Deadline(0);
        ts.Seconds -= 1;
        r.Step("mq_timedreceive", MqTimedReceiveRaw(q, b, 64, null, &ts));
        r.Set("elapsed_ms", NowMs() - t0);
    });

    static Observation InvalidNsec(bool ready) => With(r =>
    {
        var q = NewQueue(r, r.MqName("q"), O_RDWR);
        if (ready)
            Send(q, "m"u8, 0);
        var b = stackalloc byte[64];
        var ts = Deadline(0);
        ts.Nanoseconds = 1_000_000_000;
        r.Step("mq_timedreceive", MqTimedReceiveRaw(q, b, 64, null, &ts));
    });

    public static Observation TimedReceiveInvalidNsec() => InvalidNsec(false);

    public static Observation TimedReceiveMessageReady() => InvalidNsec(true);

    public static Observation AttrMaxmsgZero() => With(r => OpenStep(r, "mq_open", r.MqName("q"), O_CREAT | O_EXCL | O_RDWR, 0x180, maxmsg: 0));

    public static Observation AttrMsgsizeNegative() => With(r => OpenStep(r, "mq_open", r.MqName("q"), O_CREAT | O_EXCL | O_RDWR, 0x180, msgsize: -1));

    public static Observation AttrMaxmsgOverLimit() => With(r =>
    {
        var m = ReadProc("/proc/sys/fs/mqueue/msg_max");
        r.Set("msg_max", m);
        OpenStep(r, "mq_open", r.MqName("q"), O_CREAT | O_EXCL | O_RDWR, 0x180, maxmsg: m + 1);
    });

    public static Observation AttrMsgsizeOverLimit() => With(r =>
    {
        var m = ReadProc("/proc/sys/fs/mqueue/msgsize_max");
        r.Set("msgsize_max", m);
        OpenStep(r, "mq_open", r.MqName("q"), O_CREAT | O_EXCL | O_RDWR, 0x180, msgsize: m + 1);
    });

    public static Observation SetattrOnlyNonblock() => With(r =>
    {
        var q = NewQueue(r, r.MqName("q"), O_RDWR);
        var n = new MqAttr { Flags = O_NONBLOCK, MaxMsg = 99, MsgSize = 99, CurMsgs = 99 };
        MqAttr old = default;
        r.Step("mq_setattr", MqSetAttrRaw(q, &n, &old));
        r.Set("old_flags", old.Flags);
        AttrFields(r, q);
        r.Set("o_nonblock", (MqGetAttr(q).Flags & O_NONBLOCK) != 0);
    });

    public static Observation GetattrCurmsgs() => With(r =>
    {
        var q = NewQueue(r, r.MqName("q"), O_RDWR);
        Send(q, "m"u8, 0);
        Send(q, "m"u8, 0);
        MqAttr a;
        r.Step("mq_getattr", MqGetAttrRaw(q, &a));
        r.Set("attr_curmsgs", a.CurMsgs);
    });

    public static Observation SendEbadfRdonly() => With(r =>
    {
        var q = NewQueue(r, r.MqName("q"), O_RDONLY | O_NONBLOCK);
        r.Step("mq_send", Send(q, "m"u8, 0));
    });

    public static Observation ReceiveEbadfWronly() => With(r =>
    {
        var q = NewQueue(r, r.MqName("q"), O_WRONLY | O_NONBLOCK);
        var b = stackalloc byte[64];
        r.Step("mq_receive", MqTimedReceiveRaw(q, b, 64, null, null));
    });

    public static Observation SendPrioMax() => With(r =>
    {
        // The bound is the one the system reports at run time, never a constant of ours.
        const int _SC_MQ_PRIO_MAX = 28;
        var q = NewQueue(r, r.MqName("q"), O_RDWR | O_NONBLOCK);
        var max = SysConfRaw(_SC_MQ_PRIO_MAX);
        r.Set("sysconf_mq_prio_max", max);
        if (max <= 0)
            return;
        r.Step("mq_send", Send(q, "m"u8, (uint)max));
        r.Step("mq_send_max_minus1", Send(q, "m"u8, (uint)(max - 1)));
        ReceivePrio(r, q);
    });

    public static Observation UnlinkEnoent() => With(r => r.Step("mq_unlink", MqUnlinkRaw(r.MqName("missing"))));

    public static Observation UnlinkWhileOpen() => With(r =>
    {
        var name = r.MqName("q");
        var q = NewQueue(r, name, O_RDWR | O_NONBLOCK);
        r.Step("mq_unlink", MqUnlinkRaw(name));
        r.Step("mq_send", Send(q, "m"u8, 0));
        var b = stackalloc byte[64];
        r.Step("mq_receive", MqTimedReceiveRaw(q, b, 64, null, null));
        OpenStep(r, "reopen", name, O_RDWR);
    });

    static Observation PermCase(int reopenFlags) => With(r =>
    {
        var name = r.MqName("q");
        NewQueue(r, name, O_RDONLY, mode: 0x100).Dispose();
        OpenStep(r, "mq_open", name, reopenFlags);
    });

    public static Observation PermEacces() => PermCase(O_RDWR);

    public static Observation PermRdonlyOk() => PermCase(O_RDONLY);

    public static Observation FdSelect() => With(r =>
    {
        var q = NewQueue(r, r.MqName("q"), O_RDWR | O_NONBLOCK);
        var p = new PollFd { Fd = q.Mqd, Events = POLLIN };
        r.Set("poll_empty_ret", (long)PollRaw(&p, 1, 0));
        Send(q, "m"u8, 0);
        p.REvents = 0;
        r.Set("poll_ready_ret", (long)PollRaw(&p, 1, 0));
        r.Set("pollin", (p.REvents & POLLIN) != 0);
    });

    sealed class Unlinker(Action a) : IDisposable
    {
        public void Dispose() => a();
    }
}

/// <summary>The shm_open/shm_unlink cases through IpcBench.Interop, in process (no umask changes: the umask is process-wide).</summary>
internal static unsafe class ShmChecks
{
    static SafeFileDescriptor? OpenStep(ManagedRun r, string step, string name, int flags, uint mode = 0)
    {
        var fd = ShmOpenRaw(name, flags | O_CLOEXEC, mode);
        r.Step(step, fd < 0 ? -1 : 0);
        return fd < 0 ? null : r.Own(new SafeFileDescriptor(fd));
    }

    static SafeFileDescriptor NewShm(ManagedRun r, string name, int flags, uint mode = 0x180) =>
        r.Own(ShmOpen(name, O_CREAT | O_EXCL | flags | O_CLOEXEC, mode));

    public static Observation OpenCreate() => With(r =>
    {
        var fd = OpenStep(r, "shm_open", r.ShmName("s"), O_CREAT | O_EXCL | O_RDWR, 0x180);
        if (fd is null) return;
        var st = FStat(fd);
        r.Set("size", st.Size);
        r.Set("mode", "0" + Convert.ToString(st.Permissions, 8));
        r.Set("s_isreg", st.IsRegular);
    });

    /// <summary>F_GETFL of a fresh O_RDWR|O_CREAT|O_EXCL descriptor, as the probe reports it.</summary>
    public static Observation OpenStatusFlags() => With(r =>
    {
        var fd = OpenStep(r, "shm_open", r.ShmName("s"), O_CREAT | O_EXCL | O_RDWR, 0x180);
        if (fd is null) return;
        int fl = Fcntl(fd, F_GETFL);
        r.Set("o_nonblock", (fl & O_NONBLOCK) != 0);
        r.Set("o_append", (fl & O_APPEND) != 0);
        r.Set("accmode", (fl & 3) switch { O_RDWR => "O_RDWR", O_RDONLY => "O_RDONLY", O_WRONLY => "O_WRONLY", _ => "other" }); // O_ACCMODE is 3
    });

    public static Observation OpenExclEexist() => With(r =>
    {
        var name = r.ShmName("s");
        NewShm(r, name, O_RDWR);
        OpenStep(r, "shm_open", name, O_CREAT | O_EXCL | O_RDWR, 0x180);
    });

    public static Observation NameEmpty() => With(r => NameCase(r, "", false));

    /// <summary>shm_open() sets FD_CLOEXEC itself: this check passes no O_CLOEXEC (unlike <c>OpenStep</c>).</summary>
    public static Observation OpenCloexec() => With(r =>
    {
        var raw = ShmOpenRaw(r.ShmName("s"), O_CREAT | O_EXCL | O_RDWR, 0x180); // no O_CLOEXEC: shm_open's own
        r.Step("shm_open", raw < 0 ? -1 : 0);
        if (raw < 0) return;
        var fd = r.Own(new SafeFileDescriptor(raw));
        var flags = FcntlRaw(fd, F_GETFD, 0);
        if (flags < 0)
            throw Error("fcntl (setup)", "F_GETFD", LastErrno);
        r.Set("fd_cloexec", (flags & FD_CLOEXEC) != 0);
    });

    public static Observation OpenEnoent() => With(r => OpenStep(r, "shm_open", r.ShmName("missing"), O_RDWR));

    public static Observation OpenTrunc() => With(r =>
    {
        var name = r.ShmName("s");
        var fd = NewShm(r, name, O_RDWR);
        FTruncate(fd, 2 * (long)Ps);
        r.Set("size_before", FStat(fd).Size);
        OpenStep(r, "shm_open", name, O_RDWR | O_TRUNC);
        r.Set("size_after", FStat(fd).Size);
    });

    public static Observation FtruncateSize() => With(r =>
    {
        var fd = NewShm(r, r.ShmName("s"), O_RDWR);
        r.Step("ftruncate", FTruncateRaw(fd, 3 * (long)Ps + 5));
        r.Set("size", FStat(fd).Size);
    });

    public static Observation FtruncateRdonly() => With(r =>
    {
        var name = r.ShmName("s");
        NewShm(r, name, O_RDWR).Dispose();
        var fd = r.Own(ShmOpen(name, O_RDONLY | O_CLOEXEC));
        r.Step("ftruncate", FTruncateRaw(fd, (long)Ps));
    });

    public static Observation PersistUntilUnlink() => With(r =>
    {
        var name = r.ShmName("s");
        var fd = NewShm(r, name, O_RDWR);
        FTruncate(fd, (long)Ps);
        var p = r.Map(Ps, RW, MAP_SHARED, fd.Fd);
        ManagedRun.Payload.CopyTo(new Span<byte>(p, N));
        MUnmap(p, Ps);
        r.Forget(p);
        fd.Dispose();
        var fd2 = OpenStep(r, "reopen", name, O_RDONLY);
        r.Hex("written_hex", ManagedRun.Payload);
        if (fd2 is not null)
            r.Hex("seen_hex", r.Map(Ps, PROT_READ, MAP_SHARED, fd2.Fd), N);
        ShmUnlink(name);
        OpenStep(r, "after_unlink", name, O_RDONLY);
    });

    public static Observation MmapRdonlySharedWrite() => With(r =>
    {
        var name = r.ShmName("s");
        var fd = NewShm(r, name, O_RDWR);
        FTruncate(fd, (long)Ps);
        fd.Dispose();
        var rfd = r.Own(ShmOpen(name, O_RDONLY | O_CLOEXEC));
        r.MapStep("mmap", MMapRaw(null, Ps, PROT_WRITE, MAP_SHARED, rfd.Fd, 0), Ps);
    });

    static Observation PermCase(uint mode, int creatFlags, int reopenFlags, string step) => With(r =>
    {
        var name = r.ShmName("s");
        var fd = creatFlags != 0
            ? OpenStep(r, "shm_open", name, O_CREAT | O_EXCL | creatFlags, mode)
            : NewShm(r, name, O_RDONLY, mode);
        if (fd is null) return;
        fd.Dispose();
        OpenStep(r, step, name, reopenFlags);
    });

    public static Observation PermEaccesRdwr0400() => PermCase(0x100, 0, O_RDWR, "shm_open");

    public static Observation PermRdonly0400Ok() => PermCase(0x100, 0, O_RDONLY, "shm_open");

    public static Observation PermCreate0000() => PermCase(0, O_RDWR, O_RDONLY, "reopen");

    static void NameCase(ManagedRun r, string name, bool showLength)
    {
        if (showLength)
            r.Set("name_length", (long)Encoding.UTF8.GetByteCount(name) - 1);
        var fd = OpenStep(r, "shm_open", name, O_CREAT | O_EXCL | O_RDWR, 0x180);
        if (fd is not null)
            ShmUnlinkRaw(name);
    }

    public static Observation NameNoLeadingSlash() => With(r =>
    {
        var slashed = r.ShmName("ns");
        NameCase(r, slashed[1..], false);
    });

    public static Observation NameEmbeddedSlash() => With(r => NameCase(r, $"/ipcbench-{Environment.ProcessId}/x", false));

    public static Observation NameSlashOnly() => With(r => NameCase(r, "/", false));

    public static Observation NameDot() => With(r => NameCase(r, "/.", false));

    public static Observation NameDotDot() => With(r => NameCase(r, "/..", false));

    static string LongName(ManagedRun r, int length)
    {
        var name = r.ShmName("x").PadRight(length + 1, 'x')[..(length + 1)];
        r.RegisterShm(name);
        return name;
    }

    public static Observation NameTooLong() => With(r => NameCase(r, LongName(r, 256), true));

    public static Observation NameMaxLength() => With(r => NameCase(r, LongName(r, 255), true));

    public static Observation NameDoubleSlash() => With(r =>
    {
        var single = r.ShmName("d");
        var fd = OpenStep(r, "shm_open", "/" + single, O_CREAT | O_EXCL | O_RDWR, 0x180);
        if (fd is null) return;
        var fd2 = r.Own(ShmOpen(single, O_RDONLY | O_CLOEXEC));
        var a = FStat(fd);
        var b = FStat(fd2);
        r.Set("same_object", a.Dev == b.Dev && a.Ino == b.Ino);
    });

    public static Observation UnlinkEnoent() => With(r => r.Step("shm_unlink", ShmUnlinkRaw(r.ShmName("missing"))));

    public static Observation UnlinkTwice() => With(r =>
    {
        var name = r.ShmName("s");
        NewShm(r, name, O_RDWR);
        ShmUnlink(name);
        r.Step("shm_unlink", ShmUnlinkRaw(name));
    });
}

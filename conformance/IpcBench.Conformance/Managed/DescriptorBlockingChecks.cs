using IpcBench.Conformance.Model;
using IpcBench.Interop;
using static IpcBench.Conformance.Managed.Checks;
using static IpcBench.Interop.Posix;

namespace IpcBench.Conformance.Managed;

/// <summary>
/// The cases of the probe's blocking and limits tables (cases_blocking.c, cases_limits.c) that this
/// process can run without disturbing itself: descriptor properties, the min-address hint, and a
/// blocked pipe call released by the other side. Not here: the EINTR cases (they need a handler
/// installed without SA_RESTART to catch a signal while this thread is blocked: the .NET runtime
/// installs its own handlers, with SA_RESTART, and managed code cannot be a raw signal handler) and
/// the limit cases (setrlimit and mlockall act on the whole test process).
/// </summary>
internal static unsafe class DescriptorBlockingChecks
{
    /// <summary>How long the other side holds its end, and how long its end is waited for, as the probe.</summary>
    const int HoldMs = 50, HelperWaitMs = 2000;

    public static Observation PipeFionread() => With(r =>
    {
        var (rd, wr) = PipeChecks.NewPipe(r);
        Write(wr, "0123456789"u8);
        var n = -1;
        r.Step("ioctl", IoctlRaw(rd, FIONREAD, &n));
        r.Set("fionread", n);
    });

    public static Observation FifoOpenOPath() => With(r =>
    {
        var path = r.PathOf("fifo");
        MkFifo(path, 0x180);
        var fd = OpenRaw(path, O_PATH | O_CLOEXEC, 0); // no writer: O_PATH must not wait for one
        r.Step("open", fd < 0 ? -1 : 0);
        if (fd < 0) return;
        var h = r.Own(new SafeFileDescriptor(fd));
        var b = stackalloc byte[4];
        r.Step("read", ReadRaw(h, b, 4));
    });

    public static Observation ShmFstatFields() => With(r =>
    {
        // The probe creates with umask 0; the umask is process-wide here, so fchmod sets the same 0640.
        var fd = r.Own(ShmOpen(r.ShmName("s"), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0x1A0));
        FChMod(fd, 0x1A0);
        FTruncate(fd, 3 * (long)Ps);
        Stat st = default;
        r.Step("fstat", FStatRaw(fd, &st));
        r.Set("size", st.Size);
        r.Set("mode", Convert.ToString(st.Mode & 0xFFF, 8).PadLeft(4, '0')); // as the probe's j_octal
        r.Set("uid_is_euid", st.Uid == GetEUid());
        r.Set("gid_is_egid", st.Gid == GetEGid());
    });

    public static Observation MqQsize() => With(r =>
    {
        var mounted = Directory.Exists("/dev/mqueue"); // stat + S_ISDIR, as the probe
        r.Set("mqueue_mounted", mounted);
        if (!mounted) return;
        var name = r.MqName("q");
        var q = r.Own(MqOpen(name, O_CREAT | O_EXCL | O_RDWR | O_NONBLOCK, 0x180, new MqAttr { MaxMsg = 4, MsgSize = 16 }));
        if (!MqTimedSend(q, "12345"u8, 0, null) || !MqTimedSend(q, "abcdefg"u8, 1, null))
            throw new InvalidOperationException("mq_send (setup): the queue of 4 is full");
        r.Set("qsize", Qsize("/dev/mqueue" + name));
    });

    /// <summary>The QSIZE of a queue's /dev/mqueue file ("QSIZE:12 NOTIFY:0 ..."), -1 when unreadable, as the probe's fscanf.</summary>
    static long Qsize(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
        var digits = text.StartsWith("QSIZE:", StringComparison.Ordinal) ? text[6..].TakeWhile(char.IsAsciiDigit).ToArray() : [];
        return digits.Length > 0 ? long.Parse(digits, provider: System.Globalization.CultureInfo.InvariantCulture) : -1;
    }

    public static Observation MinAddrHint() => With(r =>
    {
        var min = MqueueChecks.ReadProc("/proc/sys/vm/mmap_min_addr");
        r.Set("mmap_min_addr", min);
        // A hint, never MAP_FIXED: nothing of this process can be replaced.
        var p = r.MapStep("mmap", MMapRaw((void*)Ps, Ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), Ps);
        if (p != null)
            r.Set("at_or_above_min", (ulong)p >= (ulong)Math.Max(min, 0));
    });

    public static Observation BlockedReadWriterCloses() => With(r =>
    {
        var (rd, wr) = PipeChecks.NewPipe(r);
        OtherSideCloses(r, wr, () =>
        {
            var b = stackalloc byte[8];
            r.Step("read", ReadRaw(rd, b, 8));
        });
    });

    /// <summary>SIGPIPE is ignored by the .NET runtime, as in the probe: the released write fails with EPIPE.</summary>
    public static Observation BlockedWriteReaderCloses() => With(r =>
    {
        var (rd, wr) = PipeChecks.NewPipe(r);
        PipeChecks.Fill(wr);
        SetNonBlocking(wr, false);
        OtherSideCloses(r, rd, () =>
        {
            var b = stackalloc byte[1] { (byte)'x' };
            r.Step("write", WriteRaw(wr, b, 1));
        });
    });

    /// <summary>
    /// The probe forks a helper that holds the only other end, exits after 50 ms (closing it) and is
    /// waited for 2 s. A .NET process cannot fork, so a helper thread holds and closes it:
    /// <c>child_exit</c> is 0 when it closed the end and ended within the wait (null otherwise), and
    /// <c>child_signal</c> is null (no signal ends a thread alone). The ends are O_CLOEXEC, so no
    /// process this one starts keeps a copy.
    /// </summary>
    static void OtherSideCloses(ManagedRun r, SafeFileDescriptor otherEnd, Action blockedCall)
    {
        var closed = false;
        var helper = new Thread(() =>
        {
            Thread.Sleep(HoldMs);
            otherEnd.Dispose();
            closed = otherEnd.IsClosed;
        })
        {
            IsBackground = true,
            Name = "ipcbench other pipe end",
        };
        helper.Start();
        blockedCall();
        var ended = helper.Join(HelperWaitMs);
        r.Set("child_exit", ended && closed ? (object)0 : null);
        r.Set("child_signal", null);
    }
}

using System.Globalization;
using System.Text;
using IpcBench.Conformance.Model;
using IpcBench.Conformance.Probe;
using IpcBench.Interop;
using IpcBench.Transports;
using static IpcBench.Interop.Posix;

namespace IpcBench.Conformance.Managed;

/// <summary>
/// The cross-ABI exchanges: this x86-64 process creates the object through IpcBench.Interop, an
/// ipcprobe of the ABI under test reads or writes it (an xabi-* mode), and both sides' views are
/// returned as one observation. The object is removed whatever happens.
/// </summary>
internal static class CrossAbiExchanges
{
    const int Pattern = 0x5c;
    const int ShmLen = 3 * 4096 + 123;
    const int FifoLen = 200_000;
    const int WaitMs = 3000;

    static string Num(long v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>FNV-1a 32 bits, as the probe's checksum.</summary>
    internal static uint Fnv1a(ReadOnlySpan<byte> data)
    {
        var h = 2166136261u;
        foreach (var b in data)
        {
            h ^= b;
            h *= 16777619u;
        }
        return h;
    }

    static byte[] PatternBytes(int len, int pattern)
    {
        var b = new byte[len];
        for (var i = 0; i < len; i++)
            b[i] = (byte)(pattern + i);
        return b;
    }

    static void Data(ManagedRun r, ReadOnlySpan<byte> data)
    {
        r.Set("len", (long)data.Length);
        r.Set("checksum", (long)Fnv1a(data));
        r.Hex("head_hex", data[..Math.Min(32, data.Length)]);
    }

    /// <summary>Runs the probe's mode; a probe that did not observe becomes a <see cref="CrossAbiException"/>.</summary>
    static async Task<Observation> Probe(Abi abi, TimeSpan timeout, CancellationToken cancel, params string[] args)
    {
        var result = await ProbeRunner.RunAsync(abi.ProbePath, args, timeout, cancel).ConfigureAwait(false);
        if (result.Observation is null)
            throw new CrossAbiException(result.Problem ?? "the probe gave no observation", null);
        var outcome = result.Observation.Str("outcome");
        if (outcome != "done")
            throw new CrossAbiException(
                $"ipcprobe {args[0]} could not observe: outcome {outcome ?? "missing"}"
                + (result.Observation.Str("setup_step") is { } step ? $" at {step} ({result.Observation.Str("setup_errno")})" : ""),
                result.Observation);
        return result.Observation;
    }

    static Observation Both(ManagedRun managed, Observation probe) =>
        Observation.Of(("managed", managed.Done().ToJson()), ("probe", probe.ToJson()));

    public static async Task<Observation> ShmManagedWrites(Abi abi, TimeSpan timeout, CancellationToken cancel)
    {
        using var r = new ManagedRun();
        var name = r.ShmName("xshm");
        var data = PatternBytes(ShmLen, Pattern);
        CreateAndFill(r, name, data);
        Data(r, data);
        var probe = await Probe(abi, timeout, cancel, "xabi-shm-read", name, Num(ShmLen)).ConfigureAwait(false);
        return Both(r, probe);
    }

    static unsafe void CreateAndFill(ManagedRun r, string name, byte[] data)
    {
        using var fd = ShmOpen(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0x180);
        FTruncate(fd, data.Length);
        SegmentSpace.Reserve(fd, data.Length, "/dev/shm"); // a full /dev/shm: ENOSPC here, not SIGBUS on the copy below
        var p = r.Map((nuint)data.Length, PROT_READ | PROT_WRITE, MAP_SHARED, fd.Fd);
        data.CopyTo(new Span<byte>(p, data.Length));
        MSync(p, (nuint)data.Length, MS_SYNC);
    }

    static unsafe void ReadBack(ManagedRun r, string name)
    {
        using var fd = ShmOpen(name, O_RDONLY | O_CLOEXEC);
        var size = FStat(fd).Size;
        r.Set("size", size);
        if (size > 0)
        {
            var p = r.Map((nuint)size, PROT_READ, MAP_SHARED, fd.Fd);
            r.Set("checksum", (long)Fnv1a(new ReadOnlySpan<byte>(p, (int)Math.Min(size, ShmLen))));
        }
    }

    public static async Task<Observation> ShmProbeWrites(Abi abi, TimeSpan timeout, CancellationToken cancel)
    {
        using var r = new ManagedRun();
        var name = r.ShmName("xshm");
        r.Own(ShmOpen(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0x180)).Dispose(); // size 0: the probe sizes it
        var probe = await Probe(abi, timeout, cancel, "xabi-shm-write", name, Num(ShmLen), Num(Pattern)).ConfigureAwait(false);
        ReadBack(r, name);
        r.Set("expected_checksum", (long)Fnv1a(PatternBytes(ShmLen, Pattern)));
        return Both(r, probe);
    }

    static SafeMqDescriptor NewQueue(ManagedRun r, string name, long maxmsg, long msgsize)
    {
        var a = new MqAttr { MaxMsg = maxmsg, MsgSize = msgsize };
        return r.Own(MqOpen(name, O_CREAT | O_EXCL | O_RDWR | O_NONBLOCK, 0x180, a));
    }

    static unsafe void Send(SafeMqDescriptor q, string name, ReadOnlySpan<byte> payload, uint prio)
    {
        fixed (byte* p = payload)
        {
            if (MqTimedSendRaw(q, p, (nuint)payload.Length, prio, null) != 0)
                throw Error("mq_send", name, LastErrno);
        }
    }

    static unsafe void ReceiveInto(ManagedRun r, SafeMqDescriptor q)
    {
        var buf = new byte[128];
        uint prio = 0;
        nint n;
        fixed (byte* b = buf)
            n = MqTimedReceiveRaw(q, b, 128, &prio, null);
        r.Set("mq_receive_ret", (long)n);
        r.Set("mq_receive_errno", n < 0 ? ManagedRun.ErrnoName(LastErrno) : null);
        r.Set("prio", n >= 0 ? prio : null);
        r.Set("received_hex", n >= 0 ? Convert.ToHexStringLower(buf, 0, (int)n) : null);
    }

    static void Attr(ManagedRun r, SafeMqDescriptor q)
    {
        var a = MqGetAttr(q);
        r.Set("attr_flags", a.Flags);
        r.Set("attr_maxmsg", a.MaxMsg);
        r.Set("attr_msgsize", a.MsgSize);
        r.Set("attr_curmsgs", a.CurMsgs);
    }

    public static async Task<Observation> MqManagedSends(Abi abi, TimeSpan timeout, CancellationToken cancel)
    {
        using var r = new ManagedRun();
        var name = r.MqName("xmq");
        var q = NewQueue(r, name, 4, 128);
        var payload = "x86-64 managed -> probe"u8.ToArray();
        Send(q, name, payload, 7);
        Attr(r, q);
        r.Hex("sent_hex", payload);
        r.Set("prio", 7);
        var probe = await Probe(abi, timeout, cancel, "xabi-mq-receive", name, Num(WaitMs)).ConfigureAwait(false);
        return Both(r, probe);
    }

    public static async Task<Observation> MqProbeSends(Abi abi, TimeSpan timeout, CancellationToken cancel)
    {
        using var r = new ManagedRun();
        var name = r.MqName("xmq");
        var q = NewQueue(r, name, 4, 128);
        var probe = await Probe(abi, timeout, cancel, "xabi-mq-send", name, "5", $"from-{abi.Name}-probe", Num(WaitMs)).ConfigureAwait(false);
        ReceiveInto(r, q);
        return Both(r, probe);
    }

    public static async Task<Observation> MqAttr(Abi abi, TimeSpan timeout, CancellationToken cancel)
    {
        using var r = new ManagedRun();
        var name = r.MqName("xmq");
        var q = NewQueue(r, name, 3, 200);
        Send(q, name, "a"u8, 1);
        Send(q, name, "b"u8, 1);
        // Our descriptor is O_NONBLOCK, the probe's is not: mq_flags belongs to each open description.
        Attr(r, q);
        var probe = await Probe(abi, timeout, cancel, "xabi-mq-attr", name).ConfigureAwait(false);
        return Both(r, probe);
    }

    public static async Task<Observation> FifoManagedWrites(Abi abi, TimeSpan timeout, CancellationToken cancel)
    {
        using var r = new ManagedRun();
        var path = r.PathOf("xfifo");
        MkFifo(path, 0x180);
        var data = PatternBytes(FifoLen, Pattern);
        var probeTask = Probe(abi, timeout, cancel, "xabi-fifo-read", path, Num(FifoLen), Num(WaitMs));
        var writer = Task.Run(() => WriteAll(path, data), CancellationToken.None);
        Observation probe;
        try
        {
            probe = await probeTask.ConfigureAwait(false);
        }
        finally
        {
            await writer.ConfigureAwait(false);
        }
        r.Set("write_total", (long)writer.Result);
        Data(r, data);
        return Both(r, probe);
    }

    /// <summary>Opens the FIFO for writing once a reader is there, and writes everything (non-blocking, bounded by WaitMs).</summary>
    static unsafe int WriteAll(string path, byte[] data)
    {
        var end = Environment.TickCount64 + WaitMs;
        int fd;
        while ((fd = OpenRaw(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC, 0)) < 0)
        {
            if (LastErrno != Posix.Errno.ENXIO || Environment.TickCount64 > end)
                return 0;
            Thread.Sleep(2);
        }
        using var h = new SafeFileDescriptor(fd);
        var done = 0;
        fixed (byte* p = data)
        {
            while (done < data.Length && Environment.TickCount64 < end)
            {
                var n = WriteRaw(h, p + done, (nuint)(data.Length - done));
                if (n > 0)
                {
                    done += (int)n;
                    continue;
                }
                if (LastErrno != Posix.Errno.EAGAIN)
                    break;
                var pfd = new PollFd { Fd = fd, Events = POLLOUT };
                PollRaw(&pfd, 1, 100);
            }
        }
        return done;
    }

    public static async Task<Observation> FifoProbeWrites(Abi abi, TimeSpan timeout, CancellationToken cancel)
    {
        using var r = new ManagedRun();
        var path = r.PathOf("xfifo");
        MkFifo(path, 0x180);
        using var rd = Open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        var probeTask = Probe(abi, timeout, cancel, "xabi-fifo-write", path, Num(FifoLen), Num(Pattern), Num(WaitMs));
        var got = await Task.Run(() => ReadAll(rd, FifoLen), CancellationToken.None).ConfigureAwait(false);
        var probe = await probeTask.ConfigureAwait(false);
        r.Set("read_total", (long)got.Length);
        r.Set("checksum", (long)Fnv1a(got));
        r.Hex("head_hex", got.AsSpan(0, Math.Min(32, got.Length)));
        return Both(r, probe);
    }

    /// <summary>Reads until <paramref name="len"/> bytes, end of file after a writer came and went, or WaitMs.</summary>
    static unsafe byte[] ReadAll(SafeFileDescriptor fd, int len)
    {
        var buf = new byte[len];
        var got = 0;
        var end = Environment.TickCount64 + WaitMs + 1000;
        fixed (byte* p = buf)
        {
            while (got < len && Environment.TickCount64 < end)
            {
                var pfd = new PollFd { Fd = fd.Fd, Events = POLLIN };
                if (PollRaw(&pfd, 1, 100) <= 0)
                    continue;
                if ((pfd.REvents & POLLIN) != 0)
                {
                    var n = ReadRaw(fd, p + got, (nuint)(len - got));
                    if (n > 0)
                    {
                        got += (int)n;
                        continue;
                    }
                    if (n == 0)
                        break;
                }
                else if ((pfd.REvents & POLLHUP) != 0)
                    break;
            }
        }
        return buf[..got];
    }
}

/// <summary>A cross-ABI exchange could not be completed (the probe crashed, hung, printed garbage or could not set up).</summary>
public sealed class CrossAbiException(string message, Observation? observation) : Exception(message)
{
    public Observation? Observation { get; } = observation;
}

using IpcBench.Conformance.Model;
using IpcBench.Interop;
using static IpcBench.Conformance.Managed.Checks;
using static IpcBench.Interop.Posix;

namespace IpcBench.Conformance.Managed;

/// <summary>The pipe cases through IpcBench.Interop, in process (SIGPIPE is ignored by the .NET runtime).</summary>
internal static unsafe class PipeChecks
{
    const int PipeBuf = 4096;

    internal static (SafeFileDescriptor Read, SafeFileDescriptor Write) NewPipe(ManagedRun r, int flags = O_CLOEXEC)
    {
        Pipe2(flags, out var rd, out var wr);
        return (r.Own(rd), r.Own(wr));
    }

    /// <summary>Fills a pipe without blocking, in shrinking chunks, as the probe's pipe_fill_nonblock.</summary>
    internal static long Fill(SafeFileDescriptor w)
    {
        SetNonBlocking(w, true);
        var buf = stackalloc byte[4096];
        long total = 0;
        for (nuint chunk = 4096; chunk >= 1; chunk = chunk > 1 ? chunk / 64 : 0)
        {
            while (true)
            {
                var n = WriteRaw(w, buf, chunk);
                if (n < 0)
                {
                    if (LastErrno == Posix.Errno.EAGAIN)
                        break;
                    throw Error("write (fill)", null, LastErrno);
                }
                total += n;
                if (total > 1L << 28)
                    throw new InvalidOperationException("pipe never filled");
            }
            if (chunk == 1)
                break;
        }
        return total;
    }

    static void Drain(SafeFileDescriptor rd, int n)
    {
        var b = new byte[4096];
        while (n > 0)
            n -= Read(rd, b.AsSpan(0, Math.Min(n, b.Length)));
    }

    public static Observation BasicRoundtrip() => With(r =>
    {
        var fds = stackalloc int[2];
        if (r.Step("pipe", Pipe2Raw(fds, 0)) != 0) return;
        using var rd = new SafeFileDescriptor(fds[0]);
        using var wr = new SafeFileDescriptor(fds[1]);
        var w = new byte[32];
        for (var i = 0; i < w.Length; i++)
            w[i] = (byte)(0x30 + i);
        var got = new byte[32];
        fixed (byte* pw = w)
        fixed (byte* pg = got)
        {
            r.Step("write", WriteRaw(wr, pw, 32));
            r.Step("read", ReadRaw(rd, pg, 32));
        }
        r.Hex("written_hex", w);
        r.Hex("seen_hex", got);
    });

    public static Observation EofAfterWritersClosed() => With(r =>
    {
        var (rd, wr) = NewPipe(r);
        Write(wr, "hello"u8);
        wr.Dispose();
        var b = stackalloc byte[16];
        r.Step("read1", ReadRaw(rd, b, 16));
        r.Step("read2", ReadRaw(rd, b, 16));
    });

    public static Observation EofNonblock() => With(r =>
    {
        var (rd, wr) = NewPipe(r);
        SetNonBlocking(rd, true);
        wr.Dispose();
        var b = stackalloc byte[16];
        r.Step("read", ReadRaw(rd, b, 16));
    });

    public static Observation EpipeIgnored() => With(r =>
    {
        var (rd, wr) = NewPipe(r);
        rd.Dispose();
        var b = stackalloc byte[1];
        r.Step("write", WriteRaw(wr, b, 1));
        r.Set("sigpipe_count", 0); // the .NET runtime ignores SIGPIPE, as the probe does here
    });

    public static Observation NonblockReadEmpty() => With(r =>
    {
        var (rd, _) = NewPipe(r);
        SetNonBlocking(rd, true);
        var b = stackalloc byte[8];
        r.Step("read", ReadRaw(rd, b, 8));
    });

    public static Observation NonblockWriteFull() => With(r =>
    {
        var (_, wr) = NewPipe(r);
        r.Set("filled_bytes", Fill(wr));
        var b = stackalloc byte[1];
        r.Step("write", WriteRaw(wr, b, 1));
        r.Set("f_getpipe_sz", (long)FcntlRaw(wr, F_GETPIPE_SZ, 0));
    });

    public static Observation NonblockSmallWriteAtomic() => With(r =>
    {
        var (rd, wr) = NewPipe(r);
        Fill(wr);
        Drain(rd, PipeBuf / 2);
        r.Set("free_bytes", PipeBuf / 2);
        r.Set("pipe_buf", PipeBuf);
        var b = new byte[PipeBuf];
        fixed (byte* p = b)
            r.Step("write", WriteRaw(wr, p, PipeBuf));
    });

    public static Observation NonblockLargeWritePartial() => With(r =>
    {
        var (rd, wr) = NewPipe(r);
        Fill(wr);
        Drain(rd, 2 * PipeBuf);
        r.Set("free_bytes", 2 * PipeBuf);
        var b = new byte[4 * PipeBuf];
        fixed (byte* p = b)
            r.Step("write", WriteRaw(wr, p, (nuint)b.Length));
    });

    public static Observation CapacityDefault() => With(r =>
    {
        var (_, wr) = NewPipe(r);
        r.Set("f_getpipe_sz", (long)FcntlRaw(wr, F_GETPIPE_SZ, 0));
        r.Set("filled_bytes", Fill(wr));
    });

    /// <summary>/proc/sys/fs/pipe-max-size: the most an unprivileged F_SETPIPE_SZ may ask for.</summary>
    static long PipeMaxSize() =>
        long.Parse(System.IO.File.ReadAllText("/proc/sys/fs/pipe-max-size").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    public static Observation SetPipeSzGrow() => With(r =>
    {
        var max = PipeMaxSize();
        r.Set("pipe_max_size", max);
        var (_, wr) = NewPipe(r);
        r.Step("fcntl", FcntlRaw(wr, F_SETPIPE_SZ, (int)Math.Min(max, int.MaxValue)));
        r.Set("f_getpipe_sz", (long)FcntlRaw(wr, F_GETPIPE_SZ, 0));
        r.Set("filled_bytes", Fill(wr));
    });

    public static Observation SetPipeSzRoundUp() => With(r =>
    {
        var (_, wr) = NewPipe(r);
        r.Step("fcntl", FcntlRaw(wr, F_SETPIPE_SZ, 5000));
        r.Set("f_getpipe_sz", (long)FcntlRaw(wr, F_GETPIPE_SZ, 0));
    });

    public static Observation SetPipeSzBelowContent() => With(r =>
    {
        var (_, wr) = NewPipe(r);
        SetNonBlocking(wr, true);
        Write(wr, new byte[2 * ManagedRun.Page]);
        r.Step("fcntl", FcntlRaw(wr, F_SETPIPE_SZ, (long)ManagedRun.Page));
    });

    public static Observation SetPipeSzOverMax() => With(r =>
    {
        var max = PipeMaxSize();
        r.Set("pipe_max_size", max);
        var (_, wr) = NewPipe(r);
        r.Step("fcntl", FcntlRaw(wr, F_SETPIPE_SZ, Math.Min(max * 2, int.MaxValue)));
    });

    public static Observation EspipeLseek() => With(r =>
    {
        var (rd, _) = NewPipe(r);
        r.Step("lseek", LSeekRaw(rd, 0, SEEK_CUR));
    });

    public static Observation EspipePread() => With(r =>
    {
        var (rd, wr) = NewPipe(r);
        Write(wr, "abc"u8);
        var b = stackalloc byte[4];
        r.Step("pread", PReadRaw(rd, b, 3, 0));
    });

    public static Observation EspipePwrite() => With(r =>
    {
        var (_, wr) = NewPipe(r);
        var b = stackalloc byte[3];
        r.Step("pwrite", PWriteRaw(wr, b, 3, 0));
    });

    public static Observation Pipe2Flags() => With(r =>
    {
        var fds = stackalloc int[2];
        if (r.Step("pipe2", Pipe2Raw(fds, O_CLOEXEC | O_NONBLOCK)) != 0) return;
        using var a = new SafeFileDescriptor(fds[0]);
        using var b = new SafeFileDescriptor(fds[1]);
        r.Set("fd_cloexec", (Fcntl(a, F_GETFD) & FD_CLOEXEC) != 0 && (Fcntl(b, F_GETFD) & FD_CLOEXEC) != 0);
        r.Set("o_nonblock", (Fcntl(a, F_GETFL) & O_NONBLOCK) != 0 && (Fcntl(b, F_GETFL) & O_NONBLOCK) != 0);
    });

    public static Observation ReadPartial() => With(r =>
    {
        var (rd, wr) = NewPipe(r);
        Write(wr, "0123456789"u8);
        var b = stackalloc byte[100];
        r.Step("read", ReadRaw(rd, b, 100));
    });

    public static Observation WriteZero() => With(r =>
    {
        var (_, wr) = NewPipe(r);
        var b = stackalloc byte[1];
        r.Step("write", WriteRaw(wr, b, 0));
    });

    public static Observation FstatIsFifo() => With(r =>
    {
        var (rd, wr) = NewPipe(r);
        Stat a, b;
        var r1 = FStatRaw(rd, &a);
        var r2 = FStatRaw(wr, &b);
        r.Set("fstat_ret", (long)(r1 < 0 ? r1 : r2));
        r.Set("s_isfifo", r1 == 0 && r2 == 0 && a.IsFifo && b.IsFifo);
    });

    public static Observation PollHup() => With(r =>
    {
        var (rd, wr) = NewPipe(r);
        wr.Dispose();
        var p = new PollFd { Fd = rd.Fd, Events = POLLIN };
        r.Step("poll", PollRaw(&p, 1, 100));
        r.Set("pollhup", (p.REvents & POLLHUP) != 0);
        r.Set("pollin", (p.REvents & POLLIN) != 0);
    });

    public static Observation OpenWrongEnd() => With(r =>
    {
        var (rd, wr) = NewPipe(r);
        var b = stackalloc byte[4];
        r.Step("write", WriteRaw(rd, b, 1));
        r.Step("read", ReadRaw(wr, b, 1));
    });
}

/// <summary>The FIFO cases through IpcBench.Interop, in process (only non-blocking opens: nothing can hang).</summary>
internal static unsafe class FifoChecks
{
    static string NewFifo(ManagedRun r, uint mode = 0x180)
    {
        var path = r.PathOf("fifo");
        MkFifo(path, mode);
        return path;
    }

    /// <summary>Reader (O_NONBLOCK during open, then blocking) and writer on one FIFO, as the probe's open_pair.</summary>
    static (SafeFileDescriptor Read, SafeFileDescriptor Write) Pair(ManagedRun r)
    {
        var path = NewFifo(r);
        var rd = r.Own(Open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC));
        var wr = r.Own(Open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC));
        SetNonBlocking(wr, false);
        SetNonBlocking(rd, false);
        return (rd, wr);
    }

    static void OpenStep(ManagedRun r, string path, int flags)
    {
        var fd = OpenRaw(path, flags | O_CLOEXEC, 0);
        r.Step("open", fd < 0 ? -1 : 0);
        if (fd >= 0)
            r.Own(new SafeFileDescriptor(fd));
    }

    public static Observation MkfifoEexist() => With(r =>
    {
        var path = NewFifo(r);
        r.Step("mkfifo", MkFifoRaw(path, 0x180));
    });

    public static Observation MkfifoEnoent() => With(r => r.Step("mkfifo", MkFifoRaw(r.PathOf("missing/fifo"), 0x180)));

    public static Observation OpenNonblockWriterNoReader() => With(r => OpenStep(r, NewFifo(r), O_WRONLY | O_NONBLOCK));

    public static Observation OpenNonblockReaderNoWriter() => With(r =>
    {
        var path = NewFifo(r);
        var fd = OpenRaw(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
        r.Step("open", fd < 0 ? -1 : 0);
        if (fd < 0) return;
        using var h = new SafeFileDescriptor(fd);
        var b = stackalloc byte[8];
        r.Step("read", ReadRaw(h, b, 8));
    });

    public static Observation OpenNonblockWriterWithReader() => With(r =>
    {
        var path = NewFifo(r);
        r.Own(Open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC));
        OpenStep(r, path, O_WRONLY | O_NONBLOCK);
    });

    public static Observation OpenRdwr() => With(r => OpenStep(r, NewFifo(r), O_RDWR));

    public static Observation EofAfterWriterClose() => With(r =>
    {
        var (rd, wr) = Pair(r);
        Write(wr, "hello"u8);
        wr.Dispose();
        var b = stackalloc byte[16];
        r.Step("read1", ReadRaw(rd, b, 16));
        r.Step("read2", ReadRaw(rd, b, 16));
    });

    public static Observation Epipe() => With(r =>
    {
        var (rd, wr) = Pair(r);
        rd.Dispose();
        var b = stackalloc byte[1];
        r.Step("write", WriteRaw(wr, b, 1));
    });

    public static Observation NonblockReadEmptyWithWriter() => With(r =>
    {
        var (rd, _) = Pair(r);
        SetNonBlocking(rd, true);
        var b = stackalloc byte[8];
        r.Step("read", ReadRaw(rd, b, 8));
    });

    public static Observation EspipeLseek() => With(r =>
    {
        var (rd, _) = Pair(r);
        r.Step("lseek", LSeekRaw(rd, 0, SEEK_CUR));
    });

    public static Observation UnlinkWhileOpen() => With(r =>
    {
        var (rd, wr) = Pair(r);
        r.Step("unlink", UnlinkRaw(r.PathOf("fifo")));
        var got = new byte[16];
        fixed (byte* w = ManagedRun.Payload)
        fixed (byte* g = got)
        {
            r.Step("write", WriteRaw(wr, w, 16));
            r.Step("read", ReadRaw(rd, g, 16));
        }
        r.Hex("written_hex", ManagedRun.Payload);
        r.Hex("seen_hex", got);
    });

    public static Observation Capacity() => With(r =>
    {
        var (_, wr) = Pair(r);
        r.Set("f_getpipe_sz", (long)FcntlRaw(wr, F_GETPIPE_SZ, 0));
        r.Set("filled_bytes", PipeChecks.Fill(wr));
    });

    public static Observation PermEacces() => With(r => OpenStep(r, NewFifo(r, 0x80), O_RDONLY | O_NONBLOCK));
}

using Mono.Unix.Native;
using IpcBench.Conformance.Model;
using static IpcBench.Conformance.Managed.Checks;
using static IpcBench.Interop.Posix;

namespace IpcBench.Conformance.Managed;

/// <summary>
/// The cases Mono.Posix.NETStandard covers (Mono.Unix.Native.Syscall: mmap, munmap, msync,
/// mprotect, pipe, mkfifo, open, read/write, pread/pwrite, lseek), in process, errno through
/// Stdlib.GetLastError(). Scratch files and directories come from <see cref="ManagedRun"/>; only
/// the calls under test go through Mono.Posix. Mono's flag conversion knows only the classic
/// flags, so MAP_SHARED_VALIDATE and unknown bits are not covered here.
/// </summary>
internal static unsafe class MonoPosixChecks
{
    // Mono's own protection type (Checks.RW is the int for IpcBench.Interop's setup mappings).
    const MmapProts RW = MmapProts.PROT_READ | MmapProts.PROT_WRITE;

    // Mono.Posix initialises Stdlib (with native calls of its own) on first use; done during a
    // check, that would overwrite the errno of the call under test. Do it once, up front.
    static MonoPosixChecks()
    {
        _ = Stdlib.GetLastError();
        _ = NativeConvert.FromErrno(Mono.Unix.Native.Errno.EINVAL);
        _ = NativeConvert.FromMmapProts(MmapProts.PROT_READ);
        _ = Syscall.MAP_FAILED;
    }

    static string Errno() => ManagedRun.ErrnoName(NativeConvert.FromErrno(Stdlib.GetLastError()));

    static long Step(ManagedRun r, string step, long ret)
    {
        var errno = ret == -1 ? Errno() : null;
        r.Set(step + "_ret", ret);
        r.Set(step + "_errno", errno);
        return ret;
    }

    static byte* MapStep(ManagedRun r, string step, IntPtr p, ulong length, bool track = true)
    {
        var failed = p == Syscall.MAP_FAILED;
        r.Set(step + "_ret", failed ? -1 : 0);
        r.Set(step + "_errno", failed ? Errno() : null);
        if (failed)
            return null;
        if (track)
            r.Track((void*)p, (nuint)length);
        return (byte*)p;
    }

    /// <summary>A scratch file of the 'A'..'Z' pattern, opened through Mono.Posix (closed on dispose).</summary>
    static int File(ManagedRun r, long size, OpenFlags flags = OpenFlags.O_RDWR)
    {
        r.File("f", size).Dispose();
        var fd = Syscall.open(r.PathOf("f"), flags | OpenFlags.O_CLOEXEC);
        if (fd < 0)
            throw new IOException($"open: {Errno()}");
        r.Own(new IpcBench.Interop.SafeFileDescriptor(fd));
        return fd;
    }

    static byte[] Pread(int fd, long offset)
    {
        var b = new byte[N];
        fixed (byte* p = b)
            Syscall.pread(fd, p, N, offset);
        return b;
    }

    // ---- mmap ----

    public static Observation SharedVisibleToRead() => With(r =>
    {
        var fd = File(r, 2 * (long)Ps);
        var p = MapStep(r, "mmap", Syscall.mmap(IntPtr.Zero, 2 * Ps, RW, MmapFlags.MAP_SHARED, fd, 0), 2 * Ps);
        if (p == null) return;
        ManagedRun.Payload.CopyTo(new Span<byte>(p, N));
        var b = new byte[N];
        fixed (byte* q = b)
            Step(r, "pread", Syscall.pread(fd, q, N, 0));
        r.Hex("seen_hex", b);
        r.Hex("written_hex", ManagedRun.Payload);
    });

    public static Observation SharedWriteVisibleInMap() => With(r =>
    {
        var fd = File(r, 2 * (long)Ps);
        var p = MapStep(r, "mmap", Syscall.mmap(IntPtr.Zero, 2 * Ps, RW, MmapFlags.MAP_SHARED, fd, 0), 2 * Ps);
        if (p == null) return;
        fixed (byte* w = ManagedRun.Payload)
            Step(r, "pwrite", Syscall.pwrite(fd, w, N, 0));
        r.Hex("written_hex", ManagedRun.Payload);
        r.Hex("seen_hex", p, N);
    });

    public static Observation TwoMappingsAlias() => With(r =>
    {
        var fd = File(r, 2 * (long)Ps);
        var p = MapStep(r, "mmap", Syscall.mmap(IntPtr.Zero, Ps, RW, MmapFlags.MAP_SHARED, fd, 0), Ps);
        var q = MapStep(r, "mmap2", Syscall.mmap(IntPtr.Zero, Ps, RW, MmapFlags.MAP_SHARED, fd, 0), Ps);
        if (p == null || q == null) return;
        StoreSeeThroughOther(r, p, q);
    });

    public static Observation CloseFdKeepsMap() => With(r =>
    {
        r.File("f", 2 * (long)Ps).Dispose();
        var fd = Syscall.open(r.PathOf("f"), OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC);
        var p = MapStep(r, "mmap", Syscall.mmap(IntPtr.Zero, Ps, RW, MmapFlags.MAP_SHARED, fd, 0), Ps);
        if (p == null)
        {
            Syscall.close(fd);
            return;
        }
        Step(r, "close", Syscall.close(fd));
        ManagedRun.Payload.CopyTo(new Span<byte>(p, N));
        r.Set("write_signal", null);
        var fd2 = Syscall.open(r.PathOf("f"), OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC);
        var seen = Pread(fd2, 0);
        Syscall.close(fd2);
        r.Hex("written_hex", ManagedRun.Payload);
        r.Hex("seen_hex", seen);
    });

    public static Observation OffsetPage() => With(r =>
    {
        var fd = File(r, 2 * (long)Ps);
        var p = MapStep(r, "mmap", Syscall.mmap(IntPtr.Zero, Ps, MmapProts.PROT_READ, MmapFlags.MAP_SHARED, fd, (long)Ps), Ps);
        if (p == null) return;
        r.Hex("expected_hex", Pattern16((long)Ps));
        r.Hex("seen_hex", p, N);
    });

    public static Observation PrivateNotInFile() => With(r =>
    {
        var fd = File(r, 2 * (long)Ps);
        var p = MapStep(r, "mmap", Syscall.mmap(IntPtr.Zero, 2 * Ps, RW, MmapFlags.MAP_PRIVATE, fd, 0), 2 * Ps);
        if (p == null) return;
        ManagedRun.Payload.CopyTo(new Span<byte>(p, N));
        r.Hex("original_hex", Pattern16(0));
        r.Hex("written_hex", ManagedRun.Payload);
        r.Hex("seen_hex", Pread(fd, 0));
        r.Hex("map_hex", p, N);
    });

    public static Observation FixedReplaces() => With(r =>
    {
        var p = r.Map((nuint)Ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
        new Span<byte>(p, (int)Ps).Fill(0x5a);
        var q = MapStep(r, "mmap", Syscall.mmap((IntPtr)p, Ps, RW, MmapFlags.MAP_PRIVATE | MmapFlags.MAP_ANONYMOUS | MmapFlags.MAP_FIXED, -1, 0), Ps, track: false);
        if (q == null) return;
        r.Set("same_addr", p == q);
        r.Set("value_before", 0x5a);
        r.Set("value_after", (int)p[0]);
    });

    static Observation AnonZeroed(MmapFlags share) => With(r =>
    {
        var len = 4 * Ps;
        var p = MapStep(r, "mmap", Syscall.mmap(IntPtr.Zero, len, RW, share | MmapFlags.MAP_ANONYMOUS, -1, 0), len);
        if (p == null) return;
        r.Set("length", (long)len);
        r.Set("nonzero_bytes", NonZero(p, len));
    });

    public static Observation AnonPrivateZeroed() => AnonZeroed(MmapFlags.MAP_PRIVATE);

    public static Observation AnonSharedZeroed() => AnonZeroed(MmapFlags.MAP_SHARED);

    public static Observation MprotectWriteSharedRdonlyFd() => With(r =>
    {
        var fd = File(r, (long)Ps, OpenFlags.O_RDONLY);
        var p = MapStep(r, "mmap", Syscall.mmap(IntPtr.Zero, Ps, MmapProts.PROT_READ, MmapFlags.MAP_SHARED, fd, 0), Ps);
        if (p == null) return;
        Step(r, "mprotect", Syscall.mprotect((IntPtr)p, Ps, RW));
    });

    public static Observation AddrHintUnaligned() => With(r =>
    {
        var h = ManagedRun.ReserveHole((nuint)(4 * Ps));
        var p = MapStep(r, "mmap", Syscall.mmap((IntPtr)(h + 123), Ps, RW, MmapFlags.MAP_PRIVATE | MmapFlags.MAP_ANONYMOUS, -1, 0), Ps);
        if (p == null) return;
        r.Set("page_aligned", (ulong)p % Ps == 0);
    });

    public static Observation AddrPageAligned() => With(r =>
    {
        var fd = File(r, (long)Ps);
        var p = MapStep(r, "mmap", Syscall.mmap(IntPtr.Zero, Ps, MmapProts.PROT_READ, MmapFlags.MAP_SHARED, fd, 0), Ps);
        if (p == null) return;
        r.Set("page_aligned", (ulong)p % Ps == 0);
    });

    public static Observation OffsetNegative() => With(r =>
    {
        r.Set("offset", -(long)Ps);
        r.Set("representable", true);
        var fd = File(r, (long)Ps);
        MapStep(r, "mmap", Syscall.mmap(IntPtr.Zero, Ps, RW, MmapFlags.MAP_SHARED, fd, -(long)Ps), Ps);
    });

    static void TryMap(ManagedRun r, IntPtr addr, ulong len, MmapProts prot, MmapFlags flags, int fd, long off, bool track = true) =>
        MapStep(r, "mmap", Syscall.mmap(addr, len, prot, flags, fd, off), len == 0 ? 1 : len, track);

    public static Observation ErrZeroLength() => With(r => TryMap(r, IntPtr.Zero, 0, MmapProts.PROT_READ, MmapFlags.MAP_SHARED, File(r, 2 * (long)Ps), 0));

    public static Observation ErrZeroLengthAnon() => With(r => TryMap(r, IntPtr.Zero, 0, RW, MmapFlags.MAP_PRIVATE | MmapFlags.MAP_ANONYMOUS, -1, 0));

    public static Observation ErrUnalignedOffset() => With(r => TryMap(r, IntPtr.Zero, Ps, MmapProts.PROT_READ, MmapFlags.MAP_SHARED, File(r, 2 * (long)Ps), 100));

    public static Observation ErrFixedUnalignedAddr() => With(r =>
        TryMap(r, (IntPtr)(r.Reserve((nuint)(2 * Ps)) + 1), Ps, RW, MmapFlags.MAP_PRIVATE | MmapFlags.MAP_ANONYMOUS | MmapFlags.MAP_FIXED, -1, 0, track: false));

    public static Observation ErrNoSharingFlag() => With(r =>
    {
        r.Set("flags", 0);
        TryMap(r, IntPtr.Zero, Ps, MmapProts.PROT_READ, 0, File(r, 2 * (long)Ps), 0);
    });

    public static Observation ErrEbadfClosed() => With(r =>
    {
        r.File("f", 2 * (long)Ps).Dispose();
        var fd = Syscall.open(r.PathOf("f"), OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC);
        Syscall.close(fd);
        TryMap(r, IntPtr.Zero, Ps, MmapProts.PROT_READ, MmapFlags.MAP_SHARED, fd, 0);
    });

    public static Observation ErrEbadfMinusOne() => With(r => TryMap(r, IntPtr.Zero, Ps, MmapProts.PROT_READ, MmapFlags.MAP_SHARED, -1, 0));

    public static Observation ErrEaccesWronlyRead() => With(r => TryMap(r, IntPtr.Zero, Ps, MmapProts.PROT_READ, MmapFlags.MAP_SHARED, File(r, 2 * (long)Ps, OpenFlags.O_WRONLY), 0));

    public static Observation ErrEaccesRdonlySharedWrite() => With(r => TryMap(r, IntPtr.Zero, Ps, MmapProts.PROT_WRITE, MmapFlags.MAP_SHARED, File(r, 2 * (long)Ps, OpenFlags.O_RDONLY), 0));

    public static Observation ErrEnodevPipe() => With(r =>
    {
        if (Syscall.pipe(out var rd, out var wr) < 0)
            throw new IOException($"pipe: {Errno()}");
        r.Own(new IpcBench.Interop.SafeFileDescriptor(rd));
        r.Own(new IpcBench.Interop.SafeFileDescriptor(wr));
        TryMap(r, IntPtr.Zero, Ps, MmapProts.PROT_READ, MmapFlags.MAP_SHARED, rd, 0);
    });

    public static Observation ErrEnomemLengthTooLarge() => With(r =>
    {
        var len = ulong.MaxValue - 2 * Ps + 1;
        r.Set("length", len);
        TryMap(r, IntPtr.Zero, len, RW, MmapFlags.MAP_PRIVATE | MmapFlags.MAP_ANONYMOUS, -1, 0);
    });

    // ---- munmap ----

    public static Observation MunmapUnmappedRange() => With(r =>
    {
        var h = r.MapLow((nuint)(4 * Ps));
        MUnmap(h, (nuint)(4 * Ps));
        r.Forget(h);
        Step(r, "munmap", Syscall.munmap((IntPtr)h, 4 * Ps));
    });

    public static Observation MunmapTwice() => With(r =>
    {
        var p = r.MapLow((nuint)Ps);
        MUnmap(p, (nuint)Ps);
        r.Forget(p);
        Step(r, "munmap", Syscall.munmap((IntPtr)p, Ps));
    });

    public static Observation MunmapErrUnalignedAddr() => With(r =>
    {
        var p = r.Map((nuint)(2 * Ps), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
        Step(r, "munmap", Syscall.munmap((IntPtr)(p + 1), Ps));
    });

    public static Observation MunmapErrZeroLength() => With(r =>
    {
        var p = r.Map((nuint)Ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
        Step(r, "munmap", Syscall.munmap((IntPtr)p, 0));
    });

    public static Observation MunmapSharedChangesKept() => With(r =>
    {
        var fd = File(r, (long)Ps);
        var p = (byte*)Syscall.mmap(IntPtr.Zero, Ps, RW, MmapFlags.MAP_SHARED, fd, 0);
        if ((IntPtr)p == Syscall.MAP_FAILED)
            throw new IOException($"mmap: {Errno()}");
        ManagedRun.Payload.CopyTo(new Span<byte>(p, N));
        Step(r, "munmap", Syscall.munmap((IntPtr)p, Ps));
        r.Hex("written_hex", ManagedRun.Payload);
        r.Hex("seen_hex", Pread(fd, 0));
    });

    // ---- msync ----

    static byte* SharedFileMap(ManagedRun r, out int fd, int pages = 1)
    {
        fd = File(r, pages * (long)Ps);
        return r.Map((nuint)((ulong)pages * Ps), PROT_READ | PROT_WRITE, MAP_SHARED, fd);
    }

    static Observation StoreSyncRead(MsyncFlags flags) => With(r =>
    {
        var p = SharedFileMap(r, out var fd);
        ManagedRun.Payload.CopyTo(new Span<byte>(p, N));
        Step(r, "msync", Syscall.msync((IntPtr)p, Ps, flags));
        r.Hex("written_hex", ManagedRun.Payload);
        r.Hex("seen_hex", Pread(fd, 0));
    });

    public static Observation MsyncSyncVisibleToRead() => StoreSyncRead(MsyncFlags.MS_SYNC);

    public static Observation MsyncAsyncVisibleToRead() => StoreSyncRead(MsyncFlags.MS_ASYNC);

    static Observation MsyncFlagsCase(MsyncFlags flags, int nativeFlags) => With(r =>
    {
        var p = SharedFileMap(r, out _);
        r.Set("flags", nativeFlags);
        Step(r, "msync", Syscall.msync((IntPtr)p, Ps, flags));
    });

    public static Observation MsyncErrSyncAndAsync() => MsyncFlagsCase(MsyncFlags.MS_SYNC | MsyncFlags.MS_ASYNC, MS_SYNC | MS_ASYNC);

    public static Observation MsyncFlagsZero() => MsyncFlagsCase(0, 0);

    public static Observation MsyncErrUnalignedAddr() => With(r =>
    {
        var p = SharedFileMap(r, out _, 2);
        Step(r, "msync", Syscall.msync((IntPtr)(p + 1), Ps, MsyncFlags.MS_SYNC));
    });

    public static Observation MsyncErrUnmapped() => With(r =>
    {
        var h = r.MapLow((nuint)(2 * Ps));
        MUnmap(h, (nuint)(2 * Ps));
        r.Forget(h);
        Step(r, "msync", Syscall.msync((IntPtr)h, 2 * Ps, MsyncFlags.MS_SYNC));
    });

    public static Observation MsyncZeroLength() => With(r =>
    {
        var p = SharedFileMap(r, out _);
        Step(r, "msync", Syscall.msync((IntPtr)p, 0, MsyncFlags.MS_SYNC));
    });

    public static Observation MsyncAnon() => With(r =>
    {
        var p = r.Map((nuint)Ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
        p[0] = 1;
        Step(r, "msync", Syscall.msync((IntPtr)p, Ps, MsyncFlags.MS_SYNC));
    });

    // ---- pipes ----

    static (int Read, int Write) Pipe(ManagedRun r)
    {
        if (Syscall.pipe(out var rd, out var wr) < 0)
            throw new IOException($"pipe: {Errno()}");
        r.Own(new IpcBench.Interop.SafeFileDescriptor(rd));
        r.Own(new IpcBench.Interop.SafeFileDescriptor(wr));
        return (rd, wr);
    }

    static long WriteBytes(int fd, ReadOnlySpan<byte> b)
    {
        fixed (byte* p = b)
            return Syscall.write(fd, p, (ulong)b.Length);
    }

    public static Observation PipeBasicRoundtrip() => With(r =>
    {
        var fds = new int[2];
        if (Step(r, "pipe", Syscall.pipe(fds)) != 0) return;
        r.Own(new IpcBench.Interop.SafeFileDescriptor(fds[0]));
        r.Own(new IpcBench.Interop.SafeFileDescriptor(fds[1]));
        var w = new byte[32];
        for (var i = 0; i < w.Length; i++)
            w[i] = (byte)(0x30 + i);
        var got = new byte[32];
        Step(r, "write", WriteBytes(fds[1], w));
        fixed (byte* g = got)
            Step(r, "read", Syscall.read(fds[0], g, 32));
        r.Hex("written_hex", w);
        r.Hex("seen_hex", got);
    });

    public static Observation PipeEofAfterWritersClosed() => With(r =>
    {
        if (Syscall.pipe(out var rd, out var wr) < 0)
            throw new IOException($"pipe: {Errno()}");
        r.Own(new IpcBench.Interop.SafeFileDescriptor(rd));
        WriteBytes(wr, "hello"u8);
        Syscall.close(wr);
        var b = stackalloc byte[16];
        Step(r, "read1", Syscall.read(rd, b, 16));
        Step(r, "read2", Syscall.read(rd, b, 16));
    });

    public static Observation PipeNonblockReadEmpty() => With(r =>
    {
        var (rd, _) = Pipe(r);
        Syscall.fcntl(rd, FcntlCommand.F_SETFL, (long)OpenFlags.O_NONBLOCK);
        var b = stackalloc byte[8];
        Step(r, "read", Syscall.read(rd, b, 8));
    });

    public static Observation PipeEspipeLseek() => With(r =>
    {
        var (rd, _) = Pipe(r);
        Step(r, "lseek", Syscall.lseek(rd, 0, SeekFlags.SEEK_CUR));
    });

    public static Observation PipeEspipePread() => With(r =>
    {
        var (rd, wr) = Pipe(r);
        WriteBytes(wr, "abc"u8);
        var b = stackalloc byte[4];
        Step(r, "pread", Syscall.pread(rd, b, 3, 0));
    });

    public static Observation PipeEspipePwrite() => With(r =>
    {
        var (_, wr) = Pipe(r);
        var b = stackalloc byte[3];
        Step(r, "pwrite", Syscall.pwrite(wr, b, 3, 0));
    });

    public static Observation PipeReadPartial() => With(r =>
    {
        var (rd, wr) = Pipe(r);
        WriteBytes(wr, "0123456789"u8);
        var b = stackalloc byte[100];
        Step(r, "read", Syscall.read(rd, b, 100));
    });

    public static Observation PipeWriteZero() => With(r =>
    {
        var (_, wr) = Pipe(r);
        var b = stackalloc byte[1];
        Step(r, "write", Syscall.write(wr, b, 0));
    });

    public static Observation PipeOpenWrongEnd() => With(r =>
    {
        var (rd, wr) = Pipe(r);
        var b = stackalloc byte[4];
        Step(r, "write", Syscall.write(rd, b, 1));
        Step(r, "read", Syscall.read(wr, b, 1));
    });

    // ---- FIFOs ----

    const FilePermissions Mode0600 = FilePermissions.S_IRUSR | FilePermissions.S_IWUSR;

    static string NewFifo(ManagedRun r)
    {
        var path = r.PathOf("fifo");
        if (Syscall.mkfifo(path, Mode0600) < 0)
            throw new IOException($"mkfifo: {Errno()}");
        return path;
    }

    static void OpenStep(ManagedRun r, string path, OpenFlags flags)
    {
        var fd = Syscall.open(path, flags | OpenFlags.O_CLOEXEC);
        Step(r, "open", fd < 0 ? -1 : 0);
        if (fd >= 0)
            r.Own(new IpcBench.Interop.SafeFileDescriptor(fd));
    }

    public static Observation FifoMkfifoEexist() => With(r => Step(r, "mkfifo", Syscall.mkfifo(NewFifo(r), Mode0600)));

    public static Observation FifoMkfifoEnoent() => With(r => Step(r, "mkfifo", Syscall.mkfifo(r.PathOf("missing/fifo"), Mode0600)));

    public static Observation FifoOpenNonblockWriterNoReader() => With(r => OpenStep(r, NewFifo(r), OpenFlags.O_WRONLY | OpenFlags.O_NONBLOCK));

    public static Observation FifoOpenNonblockReaderNoWriter() => With(r =>
    {
        var fd = Syscall.open(NewFifo(r), OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC);
        Step(r, "open", fd < 0 ? -1 : 0);
        if (fd < 0) return;
        r.Own(new IpcBench.Interop.SafeFileDescriptor(fd));
        var b = stackalloc byte[8];
        Step(r, "read", Syscall.read(fd, b, 8));
    });

    public static Observation FifoOpenNonblockWriterWithReader() => With(r =>
    {
        var path = NewFifo(r);
        var rd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC);
        r.Own(new IpcBench.Interop.SafeFileDescriptor(rd));
        OpenStep(r, path, OpenFlags.O_WRONLY | OpenFlags.O_NONBLOCK);
    });

    public static Observation FifoOpenRdwr() => With(r => OpenStep(r, NewFifo(r), OpenFlags.O_RDWR));

    static (int Read, int Write) FifoPair(ManagedRun r)
    {
        var path = NewFifo(r);
        var rd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC);
        r.Own(new IpcBench.Interop.SafeFileDescriptor(rd));
        var wr = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC);
        r.Own(new IpcBench.Interop.SafeFileDescriptor(wr));
        Syscall.fcntl(rd, FcntlCommand.F_SETFL, 0L);
        return (rd, wr);
    }

    public static Observation FifoEpipe() => With(r =>
    {
        var path = NewFifo(r);
        var rd = Syscall.open(path, OpenFlags.O_RDONLY | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC);
        var wr = Syscall.open(path, OpenFlags.O_WRONLY | OpenFlags.O_CLOEXEC);
        r.Own(new IpcBench.Interop.SafeFileDescriptor(wr));
        Syscall.close(rd);
        var b = stackalloc byte[1];
        Step(r, "write", Syscall.write(wr, b, 1));
    });

    public static Observation FifoEspipeLseek() => With(r =>
    {
        var (rd, _) = FifoPair(r);
        Step(r, "lseek", Syscall.lseek(rd, 0, SeekFlags.SEEK_CUR));
    });
}

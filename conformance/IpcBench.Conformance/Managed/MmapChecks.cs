using IpcBench.Conformance.Model;
using static IpcBench.Conformance.Managed.Checks;
using static IpcBench.Interop.Posix;

namespace IpcBench.Conformance.Managed;

/// <summary>
/// The mmap cases through the project's own bindings (IpcBench.Interop), in this process. Each
/// mirrors the probe's scenario (native/ipcprobe/cases_mmap*.c) and reports the same fields; a
/// check only touches memory that cannot fault, so "completes" fields are proven by getting there.
/// </summary>
internal static unsafe class MmapChecks
{
    static void PReadStep(ManagedRun r, IpcBench.Interop.SafeFileDescriptor fd, string key, long offset)
    {
        var buf = stackalloc byte[N];
        new Span<byte>(buf, N).Clear();
        r.Step("pread", PReadRaw(fd, buf, N, offset));
        r.Hex(key, buf, N);
    }

    public static Observation SharedVisibleToRead() => With(r =>
    {
        var fd = r.File("f", 2 * (long)Ps);
        var p = r.MapStep("mmap", MMapRaw(null, 2 * Ps, RW, MAP_SHARED, fd.Fd, 0), 2 * Ps);
        if (p == null) return;
        ManagedRun.Payload.CopyTo(new Span<byte>(p, N));
        PReadStep(r, fd, "seen_hex", 0);
        r.Hex("written_hex", ManagedRun.Payload);
    });

    public static Observation SharedWriteVisibleInMap() => With(r =>
    {
        var fd = r.File("f", 2 * (long)Ps);
        var p = r.MapStep("mmap", MMapRaw(null, 2 * Ps, RW, MAP_SHARED, fd.Fd, 0), 2 * Ps);
        if (p == null) return;
        fixed (byte* w = ManagedRun.Payload)
            r.Step("pwrite", PWriteRaw(fd, w, N, 0));
        r.Hex("written_hex", ManagedRun.Payload);
        r.Hex("seen_hex", p, N);
    });

    public static Observation TwoMappingsAlias() => With(r =>
    {
        var fd = r.File("f", 2 * (long)Ps);
        var p = r.MapStep("mmap", MMapRaw(null, Ps, RW, MAP_SHARED, fd.Fd, 0), Ps);
        var q = r.MapStep("mmap2", MMapRaw(null, Ps, RW, MAP_SHARED, fd.Fd, 0), Ps);
        if (p == null || q == null) return;
        StoreSeeThroughOther(r, p, q);
    });

    public static Observation CloseFdKeepsMap() => With(r =>
    {
        var fd = r.File("f", 2 * (long)Ps);
        var p = r.MapStep("mmap", MMapRaw(null, Ps, RW, MAP_SHARED, fd.Fd, 0), Ps);
        if (p == null) return;
        var raw = (int)fd.DangerousGetHandle();
        fd.SetHandleAsInvalid();
        r.Step("close", CloseRaw(raw));
        ManagedRun.Payload.CopyTo(new Span<byte>(p, N));
        r.Set("write_signal", null); // we are still here: the store completed
        var fd2 = r.Reopen("f", O_RDONLY);
        r.Hex("written_hex", ManagedRun.Payload);
        r.Hex("seen_hex", PRead16(fd2, 0));
    });

    public static Observation OffsetPage() => With(r =>
    {
        var fd = r.File("f", 2 * (long)Ps);
        var p = r.MapStep("mmap", MMapRaw(null, Ps, PROT_READ, MAP_SHARED, fd.Fd, (long)Ps), Ps);
        if (p == null) return;
        r.Hex("expected_hex", Pattern16((long)Ps));
        r.Hex("seen_hex", p, N);
    });

    public static Observation PrivateNotInFile() => With(r =>
    {
        var fd = r.File("f", 2 * (long)Ps);
        var p = r.MapStep("mmap", MMapRaw(null, 2 * Ps, RW, MAP_PRIVATE, fd.Fd, 0), 2 * Ps);
        if (p == null) return;
        ManagedRun.Payload.CopyTo(new Span<byte>(p, N));
        r.Hex("original_hex", Pattern16(0));
        r.Hex("written_hex", ManagedRun.Payload);
        r.Hex("seen_hex", PRead16(fd, 0));
        r.Hex("map_hex", p, N);
    });

    public static Observation PrivateNotInSharedMap() => With(r =>
    {
        var fd = r.File("f", 2 * (long)Ps);
        var p = r.MapStep("mmap", MMapRaw(null, Ps, RW, MAP_PRIVATE, fd.Fd, 0), Ps);
        if (p == null) return;
        var s = r.Map(Ps, RW, MAP_SHARED, fd.Fd);
        ManagedRun.Payload.CopyTo(new Span<byte>(p, N));
        r.Hex("original_hex", Pattern16(0));
        r.Hex("written_hex", ManagedRun.Payload);
        r.Hex("seen_hex", s, N);
    });

    public static Observation PrivateUntouchedTracksFile() => With(r =>
    {
        var fd = r.File("f", 2 * (long)Ps);
        var p = r.MapStep("mmap", MMapRaw(null, Ps, RW, MAP_PRIVATE, fd.Fd, 0), Ps);
        if (p == null) return;
        _ = Volatile.Read(ref *p); // fault the page in for reading
        PWrite(fd, ManagedRun.Payload, 0);
        r.Hex("original_hex", Pattern16(0));
        r.Hex("written_hex", ManagedRun.Payload);
        r.Hex("seen_hex", p, N);
    });

    public static Observation PrivateCowDetached() => With(r =>
    {
        var fd = r.File("f", 2 * (long)Ps);
        var p = r.MapStep("mmap", MMapRaw(null, Ps, RW, MAP_PRIVATE, fd.Fd, 0), Ps);
        if (p == null) return;
        p[100] = 0x7a; // private copy of the page now
        PWrite(fd, ManagedRun.Payload, 0);
        r.Hex("original_hex", Pattern16(0));
        r.Hex("written_hex", ManagedRun.Payload);
        r.Hex("seen_hex", p, N);
    });

    public static Observation FixedReplaces() => With(r =>
    {
        var p = r.Map(Ps, RW, MAP_PRIVATE | MAP_ANONYMOUS);
        new Span<byte>(p, (int)Ps).Fill(0x5a);
        // MAP_FIXED over our own mapping: the original entry still unmaps the range.
        var q = r.MapStep("mmap", MMapRaw(p, Ps, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), Ps, track: false);
        if (q == null) return;
        r.Set("same_addr", p == q);
        r.Set("value_before", 0x5a);
        r.Set("value_after", (int)p[0]);
    });

    public static Observation FixedReplaceMiddle() => With(r =>
    {
        var fd = r.File("f", (long)Ps);
        var p = r.Map(3 * Ps, RW, MAP_PRIVATE | MAP_ANONYMOUS);
        new Span<byte>(p, (int)Ps).Fill(0x11);
        new Span<byte>(p + Ps, (int)Ps).Fill(0x22);
        new Span<byte>(p + 2 * Ps, (int)Ps).Fill(0x33);
        var q = r.MapStep("mmap", MMapRaw(p + Ps, Ps, RW, MAP_SHARED | MAP_FIXED, fd.Fd, 0), Ps, track: false);
        if (q == null) return;
        r.Set("same_addr", q == p + Ps);
        r.Set("p0_value", (int)p[0]);
        r.Set("p1_value", (int)p[Ps]);
        r.Set("p2_value", (int)p[2 * Ps]);
        r.Set("file_value", (int)ManagedRun.PatternByte(0));
    });

    static void NoReplaceReport(ManagedRun r, byte* requested, byte* q, byte* old)
    {
        r.Set("returned_requested", q != null && q == requested);
        r.Set("returned_other", q != null && q != requested);
        if (old != null)
            r.Set("contents_intact", old[0] == 0x5a);
    }

    /// <summary>Page 0, below vm.mmap_min_addr, without CAP_SYS_RAWIO (the case runs on a thread whose credentials dropped).</summary>
    public static Observation FixedBelowMinAddr() => With(r =>
    {
        var min = MqueueChecks.ReadProc("/proc/sys/vm/mmap_min_addr");
        r.Set("mmap_min_addr", min);
        if (min <= 0)
            return;
        r.MapStep("mmap", MMapRaw(null, Ps, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), Ps);
    });

    public static Observation FixedNoReplaceEexist() => With(r =>
    {
        var p = r.Map(Ps, RW, MAP_PRIVATE | MAP_ANONYMOUS);
        new Span<byte>(p, (int)Ps).Fill(0x5a);
        var q = r.MapStep("mmap", MMapRaw(p, Ps, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), Ps, track: false);
        if (q != null && q != p)
            r.Track(q, Ps); // an old kernel mapped it elsewhere: ours to unmap
        NoReplaceReport(r, p, q, p);
    });

    public static Observation FixedNoReplacePartialOverlap() => With(r =>
    {
        // Our own 2-page reservation; its first page freed (NOREPLACE never replaces, so a
        // concurrent mapping there only makes the call fail), its second page ours and filled.
        var h = r.Reserve(2 * Ps);
        var p = (byte*)MMapRaw(h + Ps, Ps, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (p == (byte*)MAP_FAILED)
            throw Error("mmap (setup)", null, LastErrno);
        MUnmapRaw(h, Ps);
        new Span<byte>(p, (int)Ps).Fill(0x5a);
        var q = r.MapStep("mmap", MMapRaw(h, 2 * Ps, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), 2 * Ps, track: false);
        NoReplaceReport(r, h, q, p);
        // The freed first page may belong to another thread by now: unmap only what is ours.
        r.Forget(h);
        if (q == h)
            r.Track(h, 2 * Ps);
        else
        {
            r.Track(p, Ps);
            if (q != null)
                r.Track(q, 2 * Ps);
        }
    });

    public static Observation FixedNoReplaceFreeRange() => With(r =>
    {
        var h = ManagedRun.ReserveHole(2 * Ps);
        var q = r.MapStep("mmap", MMapRaw(h, 2 * Ps, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), 2 * Ps);
        NoReplaceReport(r, h, q, null);
    });

    const int UnknownMapFlag = 0x400;
    const int MAP_SYNC = 0x80000;

    static Observation FlagsCase(int flags) => With(r =>
    {
        var fd = r.File("f", (long)Ps);
        r.Set("flags", flags);
        r.MapStep("mmap", MMapRaw(null, Ps, RW, flags, fd.Fd, 0), Ps);
    });

    public static Observation SharedValidateUnknownFlag() => FlagsCase(MAP_SHARED_VALIDATE | UnknownMapFlag);

    public static Observation SharedUnknownFlagIgnored() => FlagsCase(MAP_SHARED | UnknownMapFlag);

    public static Observation MapSyncNonDax() => FlagsCase(MAP_SHARED_VALIDATE | MAP_SYNC);

    public static Observation SharedValidatePlain() => With(r =>
    {
        var fd = r.File("f", (long)Ps);
        var p = r.MapStep("mmap", MMapRaw(null, Ps, RW, MAP_SHARED_VALIDATE, fd.Fd, 0), Ps);
        if (p == null) return;
        ManagedRun.Payload.CopyTo(new Span<byte>(p, N));
        PReadStep(r, fd, "seen_hex", 0);
        r.Hex("written_hex", ManagedRun.Payload);
    });

    static Observation AnonZeroed(int share) => With(r =>
    {
        var len = 4 * Ps;
        var p = r.MapStep("mmap", MMapRaw(null, len, RW, share | MAP_ANONYMOUS, -1, 0), len);
        if (p == null) return;
        r.Set("length", (long)len);
        r.Set("nonzero_bytes", NonZero(p, len));
    });

    public static Observation AnonPrivateZeroed() => AnonZeroed(MAP_PRIVATE);

    public static Observation AnonSharedZeroed() => AnonZeroed(MAP_SHARED);

    /// <summary>4 GiB - page of PROT_NONE address space (nothing committed): room in a 64-bit process.</summary>
    public static Observation LenNear4G() => With(r =>
    {
        var len = (1UL << 32) - Ps;
        r.Set("length", len);
        r.MapStep("mmap", MMapRaw(null, (nuint)len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0), (nuint)len);
    });

    public static Observation AnonFdIgnored() => With(r =>
    {
        var fd = r.File("f", (long)Ps);
        var p = r.MapStep("mmap", MMapRaw(null, Ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, fd.Fd, 0), Ps);
        if (p == null) return;
        r.Set("nonzero_bytes", NonZero(p, Ps));
    });

    public static Observation PrivateWriteRdonlyFd() => With(r =>
    {
        r.File("f", (long)Ps).Dispose();
        var fd = r.Reopen("f", O_RDONLY);
        var p = r.MapStep("mmap", MMapRaw(null, Ps, RW, MAP_PRIVATE, fd.Fd, 0), Ps);
        if (p == null) return;
        new Span<byte>(p, N).Fill(0x7a);
        r.Set("write_signal", null);
        r.Hex("original_hex", Pattern16(0));
        r.Hex("seen_hex", PRead16(fd, 0));
    });

    public static Observation MprotectWriteSharedRdonlyFd() => With(r =>
    {
        r.File("f", (long)Ps).Dispose();
        var fd = r.Reopen("f", O_RDONLY);
        var p = r.MapStep("mmap", MMapRaw(null, Ps, PROT_READ, MAP_SHARED, fd.Fd, 0), Ps);
        if (p == null) return;
        r.Step("mprotect", MProtectRaw(p, Ps, RW));
    });

    public static Observation AddrHintUnaligned() => With(r =>
    {
        var h = ManagedRun.ReserveHole(4 * Ps);
        var p = r.MapStep("mmap", MMapRaw(h + 123, Ps, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), Ps);
        if (p == null) return;
        r.Set("page_aligned", (nuint)p % Ps == 0);
    });

    public static Observation AddrPageAligned() => With(r =>
    {
        var fd = r.File("f", (long)Ps);
        var p = r.MapStep("mmap", MMapRaw(null, Ps, PROT_READ, MAP_SHARED, fd.Fd, 0), Ps);
        if (p == null) return;
        r.Set("page_aligned", (nuint)p % Ps == 0);
    });

    /// <summary>The probe's offset cases without file access (x86-64: off_t is 64 bits, always representable).</summary>
    static Observation OffsetCase(long offset, int pages) => With(r =>
    {
        r.Set("offset", offset);
        r.Set("representable", true);
        if (pages != 1)
            r.Set("length", (long)((nuint)pages * Ps));
        var fd = r.File("small", (long)Ps);
        r.MapStep("mmap", MMapRaw(null, (nuint)pages * Ps, RW, MAP_SHARED, fd.Fd, offset), (nuint)pages * Ps);
    });

    public static Observation Offset2Pow44() => OffsetCase(1L << 44, 1);

    public static Observation Offset2Pow44MinusPage() => OffsetCase((1L << 44) - (long)Ps, 1);

    public static Observation OffsetNegative() => OffsetCase(-(long)Ps, 1);

    public static Observation OffsetMaxOffT() => OffsetCase(long.MaxValue & ~((long)Ps - 1), 2);

    // ---- errors (cases_mmap_errors.c) ----

    static IpcBench.Interop.SafeFileDescriptor FileFd(ManagedRun r, int flags = -1)
    {
        var fd = r.File("f", 2 * (long)Ps);
        if (flags < 0)
            return fd;
        fd.Dispose();
        return r.Reopen("f", flags);
    }

    static void TryMap(ManagedRun r, void* addr, nuint len, int prot, int flags, int fd, long off) =>
        r.MapStep("mmap", MMapRaw(addr, len, prot, flags, fd, off), len == 0 ? 1 : len);

    public static Observation ErrZeroLength() => With(r => TryMap(r, null, 0, PROT_READ, MAP_SHARED, FileFd(r).Fd, 0));

    public static Observation ErrZeroLengthAnon() => With(r => TryMap(r, null, 0, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));

    public static Observation ErrUnalignedOffset() => With(r => TryMap(r, null, Ps, PROT_READ, MAP_SHARED, FileFd(r).Fd, 100));

    public static Observation ErrFixedUnalignedAddr() => With(r =>
        r.MapStep("mmap", MMapRaw(r.Reserve(2 * Ps) + 1, Ps, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), Ps, track: false));

    public static Observation ErrNoSharingFlag() => With(r =>
    {
        r.Set("flags", 0);
        TryMap(r, null, Ps, PROT_READ, 0, FileFd(r).Fd, 0);
    });

    public static Observation ErrBothSharingFlags() => With(r =>
    {
        r.Set("flags", MAP_SHARED | MAP_PRIVATE);
        TryMap(r, null, Ps, RW, MAP_SHARED | MAP_PRIVATE, FileFd(r).Fd, 0);
    });

    public static Observation ErrInvalidMapType() => With(r =>
    {
        r.Set("flags", 0x0f);
        TryMap(r, null, Ps, PROT_READ, 0x0f, FileFd(r).Fd, 0);
    });

    public static Observation ErrEbadfClosed() => With(r =>
    {
        var fd = FileFd(r);
        var n = fd.Fd;
        fd.Dispose();
        TryMap(r, null, Ps, PROT_READ, MAP_SHARED, n, 0);
    });

    public static Observation ErrEbadfMinusOne() => With(r => TryMap(r, null, Ps, PROT_READ, MAP_SHARED, -1, 0));

    public static Observation ErrEaccesWronlyRead() => With(r => TryMap(r, null, Ps, PROT_READ, MAP_SHARED, FileFd(r, O_WRONLY).Fd, 0));

    public static Observation ErrEaccesWronlyPrivate() => With(r => TryMap(r, null, Ps, PROT_READ, MAP_PRIVATE, FileFd(r, O_WRONLY).Fd, 0));

    public static Observation ErrEaccesRdonlySharedWrite() => With(r => TryMap(r, null, Ps, PROT_WRITE, MAP_SHARED, FileFd(r, O_RDONLY).Fd, 0));

    public static Observation ErrEaccesAppendSharedWrite() => With(r => TryMap(r, null, Ps, RW, MAP_SHARED, FileFd(r, O_RDWR | O_APPEND).Fd, 0));

    public static Observation ErrEnodevPipe() => With(r =>
    {
        Pipe2(O_CLOEXEC, out var rd, out var wr);
        r.Own(rd);
        r.Own(wr);
        TryMap(r, null, Ps, PROT_READ, MAP_SHARED, rd.Fd, 0);
    });

    public static Observation ErrEnodevFifo() => With(r =>
    {
        var path = r.PathOf("fifo");
        MkFifo(path, 0x180);
        var fd = r.Own(Open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC));
        TryMap(r, null, Ps, PROT_READ, MAP_SHARED, fd.Fd, 0);
    });

    public static Observation ErrEnodevDirectory() => With(r =>
    {
        var fd = r.Own(Open(r.Dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        TryMap(r, null, Ps, PROT_READ, MAP_PRIVATE, fd.Fd, 0);
    });

    public static Observation ErrEnomemLengthTooLarge() => With(r =>
    {
        var len = nuint.MaxValue - 2 * Ps + 1;
        r.Set("length", (ulong)len);
        TryMap(r, null, len, RW, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    });

    public static Observation ErrProtUnknownBits() => With(r =>
    {
        r.Set("prot", RW | 0x10);
        r.MapStep("mmap", MMapRaw(null, Ps, RW | 0x10, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), Ps);
        var q = r.Map(Ps, RW, MAP_PRIVATE | MAP_ANONYMOUS);
        r.Step("mprotect", MProtectRaw(q, Ps, RW | 0x10));
    });
}

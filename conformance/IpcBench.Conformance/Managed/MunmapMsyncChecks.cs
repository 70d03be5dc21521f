using IpcBench.Conformance.Model;
using static IpcBench.Conformance.Managed.Checks;
using static IpcBench.Interop.Posix;

namespace IpcBench.Conformance.Managed;

/// <summary>
/// The munmap cases through IpcBench.Interop, in process. Ranges that must have no mapping are
/// made in the low address space (<see cref="ManagedRun.MapLow"/>), where no other thread of this
/// process gets a mapping meanwhile: an in-process munmap must never hit the runtime's memory.
/// </summary>
internal static unsafe class MunmapChecks
{
    public static Observation UnmappedRange() => With(r =>
    {
        var h = r.MapLow(4 * Ps);
        MUnmap(h, 4 * Ps);
        r.Forget(h);
        r.Step("munmap", MUnmapRaw(h, 4 * Ps));
    });

    public static Observation Twice() => With(r =>
    {
        var p = r.MapLow(Ps);
        MUnmap(p, Ps);
        r.Forget(p);
        r.Step("munmap", MUnmapRaw(p, Ps));
    });

    public static Observation ErrUnalignedAddr() => With(r =>
    {
        var p = r.Map(2 * Ps, RW, MAP_PRIVATE | MAP_ANONYMOUS);
        r.Step("munmap", MUnmapRaw(p + 1, Ps));
    });

    public static Observation ErrZeroLength() => With(r =>
    {
        var p = r.Map(Ps, RW, MAP_PRIVATE | MAP_ANONYMOUS);
        r.Step("munmap", MUnmapRaw(p, 0));
    });

    public static Observation PrivateChangesDiscarded() => With(r =>
    {
        var fd = r.File("f", (long)Ps);
        var p = r.Map(Ps, RW, MAP_PRIVATE, fd.Fd);
        ManagedRun.Payload.CopyTo(new Span<byte>(p, N));
        r.Forget(p);
        r.Step("munmap", MUnmapRaw(p, Ps));
        var q = r.Map(Ps, RW, MAP_PRIVATE, fd.Fd);
        r.Hex("original_hex", Pattern16(0));
        r.Hex("written_hex", ManagedRun.Payload);
        r.Hex("seen_hex", q, N);
        r.Hex("file_hex", PRead16(fd, 0));
    });

    public static Observation SharedChangesKept() => With(r =>
    {
        var fd = r.File("f", (long)Ps);
        var p = r.Map(Ps, RW, MAP_SHARED, fd.Fd);
        ManagedRun.Payload.CopyTo(new Span<byte>(p, N));
        r.Forget(p);
        r.Step("munmap", MUnmapRaw(p, Ps));
        r.Hex("written_hex", ManagedRun.Payload);
        r.Hex("seen_hex", PRead16(fd, 0));
    });
}

/// <summary>The msync cases through IpcBench.Interop, in process.</summary>
internal static unsafe class MsyncChecks
{
    static byte* SharedFileMap(ManagedRun r, out IpcBench.Interop.SafeFileDescriptor fd, int pages = 1)
    {
        fd = r.File("f", pages * (long)Ps);
        return r.Map((nuint)pages * Ps, RW, MAP_SHARED, fd.Fd);
    }

    static Observation StoreSyncRead(int flags) => With(r =>
    {
        var p = SharedFileMap(r, out var fd);
        ManagedRun.Payload.CopyTo(new Span<byte>(p, N));
        r.Step("msync", MSyncRaw(p, Ps, flags));
        r.Hex("written_hex", ManagedRun.Payload);
        r.Hex("seen_hex", PRead16(fd, 0));
    });

    public static Observation SyncVisibleToRead() => StoreSyncRead(MS_SYNC);

    public static Observation AsyncVisibleToRead() => StoreSyncRead(MS_ASYNC);

    public static Observation InvalidateWithSync() => StoreSyncRead(MS_SYNC | MS_INVALIDATE);

    public static Observation InvalidateAfterWrite() => With(r =>
    {
        var p = SharedFileMap(r, out var fd);
        _ = Volatile.Read(ref *p);
        PWrite(fd, ManagedRun.Payload, 0);
        r.Step("msync", MSyncRaw(p, Ps, MS_INVALIDATE));
        r.Hex("written_hex", ManagedRun.Payload);
        r.Hex("seen_hex", p, N);
    });

    static Observation Flags(int flags) => With(r =>
    {
        var p = SharedFileMap(r, out _);
        r.Set("flags", flags);
        r.Step("msync", MSyncRaw(p, Ps, flags));
    });

    public static Observation ErrSyncAndAsync() => Flags(MS_SYNC | MS_ASYNC);

    public static Observation ErrUnknownFlag() => Flags(MS_SYNC | 0x100);

    public static Observation FlagsZero() => Flags(0);

    public static Observation ErrUnalignedAddr() => With(r =>
    {
        var p = SharedFileMap(r, out _, 2);
        r.Step("msync", MSyncRaw(p + 1, Ps, MS_SYNC));
    });

    public static Observation ErrUnmapped() => With(r =>
    {
        var h = r.MapLow(2 * Ps);
        MUnmap(h, 2 * Ps);
        r.Forget(h);
        r.Step("msync", MSyncRaw(h, 2 * Ps, MS_SYNC));
    });

    public static Observation ErrPartlyUnmapped() => With(r =>
    {
        var fd = r.File("f", 2 * (long)Ps);
        var h = r.MapLow(2 * Ps);
        // Our low range: page 0 becomes the file's shared page, page 1 is removed.
        if (MMapRaw(h, Ps, RW, MAP_SHARED | MAP_FIXED, fd.Fd, 0) != h)
            throw Error("mmap (setup)", null, LastErrno);
        MUnmap(h + Ps, Ps);
        r.Forget(h);
        r.Track(h, Ps);
        r.Step("msync", MSyncRaw(h, 2 * Ps, MS_SYNC));
    });

    public static Observation ZeroLength() => With(r =>
    {
        var p = SharedFileMap(r, out _);
        r.Step("msync", MSyncRaw(p, 0, MS_SYNC));
    });

    public static Observation Anon() => With(r =>
    {
        var p = r.Map(Ps, RW, MAP_PRIVATE | MAP_ANONYMOUS);
        p[0] = 1;
        r.Step("msync", MSyncRaw(p, Ps, MS_SYNC));
    });

    public static Observation PrivateNotInFile() => With(r =>
    {
        var fd = r.File("f", (long)Ps);
        var p = r.Map(Ps, RW, MAP_PRIVATE, fd.Fd);
        ManagedRun.Payload.CopyTo(new Span<byte>(p, N));
        r.Step("msync", MSyncRaw(p, Ps, MS_SYNC));
        r.Hex("original_hex", Pattern16(0));
        r.Hex("written_hex", ManagedRun.Payload);
        r.Hex("seen_hex", PRead16(fd, 0));
    });
}

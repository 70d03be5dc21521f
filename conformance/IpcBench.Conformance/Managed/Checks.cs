using IpcBench.Conformance.Model;
using IpcBench.Interop;
using static IpcBench.Interop.Posix;

namespace IpcBench.Conformance.Managed;

/// <summary>
/// What the in-process check classes share (imported with <c>using static</c>): running one check
/// in a fresh <see cref="ManagedRun"/>, the sizes the probe's scenarios use, and the small steps
/// several checks take the same way.
/// </summary>
internal static unsafe class Checks
{
    /// <summary>PROT_READ | PROT_WRITE.</summary>
    public const int RW = PROT_READ | PROT_WRITE;

    /// <summary>How many bytes a data-path check stores and reads back, as the probe.</summary>
    public const int N = 16;

    public static nuint Ps => ManagedRun.Page;

    /// <summary>Runs one check in a fresh run, which removes all the check made, and returns what it observed.</summary>
    public static Observation With(Action<ManagedRun> body)
    {
        using var r = new ManagedRun();
        body(r);
        return r.Done();
    }

    /// <summary>The <see cref="N"/> bytes of the test-file pattern from offset <paramref name="from"/> (<see cref="ManagedRun.File"/>).</summary>
    public static byte[] Pattern16(long from)
    {
        var b = new byte[N];
        for (var i = 0; i < N; i++)
            b[i] = ManagedRun.PatternByte(from + i);
        return b;
    }

    /// <summary><see cref="N"/> bytes of the file at <paramref name="offset"/>, read as a setup step (throws when it fails).</summary>
    public static byte[] PRead16(SafeFileDescriptor fd, long offset)
    {
        var b = new byte[N];
        PRead(fd, b, offset);
        return b;
    }

    /// <summary>How many of the <paramref name="n"/> bytes at <paramref name="p"/> are not zero.</summary>
    public static long NonZero(byte* p, nuint n)
    {
        long count = 0;
        for (nuint i = 0; i < n; i++)
            count += p[i] != 0 ? 1 : 0;
        return count;
    }

    /// <summary>
    /// Two mappings of one file page: stores the payload through <paramref name="p"/> and reports
    /// what <paramref name="q"/> sees (the probe's mmap.shared.two-mappings-alias fields).
    /// </summary>
    public static void StoreSeeThroughOther(ManagedRun r, byte* p, byte* q)
    {
        r.Set("distinct_addrs", p != q);
        ManagedRun.Payload.CopyTo(new Span<byte>(p, N));
        r.Hex("written_hex", ManagedRun.Payload);
        r.Hex("seen_hex", q, N);
    }
}

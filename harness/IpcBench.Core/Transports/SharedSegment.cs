using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using IpcBench.Interop;
using IpcBench.Protocol;
using static IpcBench.Interop.Posix;

namespace IpcBench.Transports;

/// <summary>
/// The mapped shared segment of shm, mmap-file and cacheline (docs/protocol.md): opened by name or path, mapped
/// MAP_SHARED, its header written by the server (ready = 1 last, release) and awaited and checked by the client.
/// </summary>
public sealed unsafe class SharedSegment : IDisposable
{
    private readonly MappedRegion _map;

    private SharedSegment(MappedRegion map, string transport)
    {
        _map = map;
        Transport = transport;
    }

    /// <summary>Start of the mapping.</summary>
    public byte* Base => _map.Pointer;

    public nuint Length => _map.Length;

    /// <summary>"shm", "mmap-file" or "cacheline", for messages.</summary>
    public string Transport { get; }

    /// <summary>
    /// Opens the object (<c>shm_open(O_RDWR)</c> or <c>open(O_RDWR)</c>), checks it holds at least <paramref name="need"/>
    /// bytes, maps that much MAP_SHARED and closes the fd (the mapping keeps the object alive once unlinked).
    /// </summary>
    public static SharedSegment Open(TransportKind kind, string nameOrPath, long need)
    {
        string t = kind.ToName();
        using SafeFileDescriptor fd = kind == TransportKind.MmapFile
            ? Posix.Open(nameOrPath, O_RDWR | O_CLOEXEC)
            : ShmOpen(nameOrPath, O_RDWR | O_CLOEXEC);
        long have = LSeek(fd, 0, SEEK_END);
        if (have < need)
            throw new TransportException(string.Format(CultureInfo.InvariantCulture, "{0}: {1} is {2} bytes, the options need {3}", t, nameOrPath, have, need));
        var map = MMap((nuint)need, PROT_READ | PROT_WRITE, MAP_SHARED, fd);
        return new SharedSegment(map, t);
    }

    /// <summary>A u32 of the segment.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint* Word(int offset) => (uint*)(Base + offset);

    /// <summary>Server: zeroes the ring control words, writes magic, version, slot_size, slots, then ready = 1 (release).</summary>
    public void Initialise(uint slotSize, uint slots)
    {
        for (int off = RingLayout.C2SControlOffset; off < RingLayout.S2CControlOffset + RingLayout.ControlSize; off += 64)
            Volatile.Write(ref *Word(off), 0u);
        *Word(RingLayout.MagicOffset) = RingLayout.Magic;
        *Word(RingLayout.VersionOffset) = RingLayout.Version;
        *Word(RingLayout.SlotSizeOffset) = slotSize;
        *Word(RingLayout.SlotsOffset) = slots;
        Volatile.Write(ref *Word(RingLayout.ReadyOffset), 1u);
    }

    /// <summary>Client: waits (bounded) for ready = 1 (acquire), then checks magic and version.</summary>
    public void WaitReady(int timeoutMs)
    {
        long deadline = Deadlines.After(timeoutMs);
        while (Volatile.Read(ref *Word(RingLayout.ReadyOffset)) != 1)
        {
            if (Deadlines.Passed(deadline))
                throw new TransportException($"{Transport}: the server did not initialise the segment within {timeoutMs} ms");
            Thread.Sleep(0);
            Thread.SpinWait(100);
            if (Volatile.Read(ref *Word(RingLayout.ReadyOffset)) != 1)
                Thread.Sleep(1);
        }
        uint magic = *Word(RingLayout.MagicOffset), version = *Word(RingLayout.VersionOffset);
        if (magic != RingLayout.Magic)
            throw new TransportException(string.Format(CultureInfo.InvariantCulture, "{0}: segment magic is 0x{1:x8}, expected 0x{2:x8}", Transport, magic, RingLayout.Magic));
        if (version != RingLayout.Version)
            throw new TransportException(string.Format(CultureInfo.InvariantCulture, "{0}: segment version is {1}, expected {2}", Transport, version, RingLayout.Version));
    }

    public void Dispose() => _map.Dispose();
}

/// <summary>Deadlines in Stopwatch ticks; the spin helpers.</summary>
internal static class Deadlines
{
    public static long After(int timeoutMs) => System.Diagnostics.Stopwatch.GetTimestamp() + timeoutMs * System.Diagnostics.Stopwatch.Frequency / 1000;

    public static bool Passed(long deadline) => System.Diagnostics.Stopwatch.GetTimestamp() > deadline;

    private static readonly bool s_ticksAreNs = System.Diagnostics.Stopwatch.Frequency == 1_000_000_000;

    /// <summary>Stopwatch ticks to nanoseconds, exactly (identity on Linux, where the frequency is 1 GHz).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long TicksToNs(long ticks) => s_ticksAreNs ? ticks : (long)((Int128)ticks * 1_000_000_000 / System.Diagnostics.Stopwatch.Frequency);

    /// <summary>One failed poll: the CPU pause hint, or sched_yield() with --yield.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Pause(bool yield)
    {
        if (yield)
            SchedYield();
        else if (X86Base.IsSupported)
            X86Base.Pause();
        else
            Thread.SpinWait(1);
    }
}

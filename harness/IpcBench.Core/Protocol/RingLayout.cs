using System.Numerics;

namespace IpcBench.Protocol;

/// <summary>
/// The shared-memory segment of <c>shm</c> and <c>mmap-file</c> (docs/protocol.md, "Shared-memory segment and rings"):
/// a 64-byte header, two ring controls (c2s, s2c) of four 64-byte lines, slots from offset 4096.
/// All fields are u32, little-endian; counters wrap modulo 2^32.
/// </summary>
public static class RingLayout
{
    /// <summary>"IPCR" read as a little-endian u32.</summary>
    public const uint Magic = 0x52435049;
    public const uint Version = 1;

    // segment header
    public const int MagicOffset = 0;
    public const int VersionOffset = 4;
    public const int SlotSizeOffset = 8;
    public const int SlotsOffset = 12;
    /// <summary>u32 ready: 0, set to 1 by the server last, with release order.</summary>
    public const int ReadyOffset = 16;
    public const int HeaderSize = 64;

    // ring controls
    public const int C2SControlOffset = 64;
    public const int S2CControlOffset = 320;
    public const int ControlSize = 256;
    /// <summary>u32 head (messages published), written by the producer.</summary>
    public const int HeadOffset = 0;
    /// <summary>u32 tail (messages consumed), written by the consumer.</summary>
    public const int TailOffset = 64;
    /// <summary>u32 consumer_waiting, written by the consumer.</summary>
    public const int ConsumerWaitingOffset = 128;
    /// <summary>u32 producer_waiting, written by the producer.</summary>
    public const int ProducerWaitingOffset = 192;

    /// <summary>Where the c2s slots start; s2c slots follow them.</summary>
    public const int SlotsStart = 4096;
    public const int SlotAlignment = 64;
    public const int SegmentAlignment = 4096;

    /// <summary>The ring aims at this many bytes of slots per direction.</summary>
    public const int TargetRingBytes = 1 << 20;
    public const int MinSlots = 4;
    public const int MaxSlots = 64;

    // cacheline floor: the segment header's next two cache lines
    /// <summary>cacheline: u32 ping (client -> server).</summary>
    public const int PingOffset = 64;
    /// <summary>cacheline: u32 pong (server -> client).</summary>
    public const int PongOffset = 128;
    /// <summary>cacheline: the segment is the header page only.</summary>
    public const int CachelineSegmentSize = 4096;

    /// <summary><c>slot_size = round_up(size, 64)</c>.</summary>
    public static int SlotSize(int messageSize)
    {
        if (messageSize < Message.MinSize)
            throw new ArgumentOutOfRangeException(nameof(messageSize), messageSize, $"message size must be at least {Message.MinSize}");
        return checked((messageSize + SlotAlignment - 1) & ~(SlotAlignment - 1));
    }

    /// <summary>The harness's slot count: <c>clamp(pow2_ceil(1 MiB / slot_size), 4, 64)</c>.</summary>
    public static int DefaultSlots(int slotSize)
    {
        int q = TargetRingBytes / slotSize; // integer division, as C does
        uint p = q <= 1 ? 1u : BitOperations.RoundUpToPowerOf2((uint)q);
        return (int)Math.Clamp(p, MinSlots, MaxSlots);
    }

    /// <summary><c>round_up(4096 + 2 * slots * slot_size, 4096)</c>.</summary>
    public static long SegmentSize(int slots, int slotSize)
        => checked((SlotsStart + 2L * slots * slotSize + SegmentAlignment - 1) & ~(long)(SegmentAlignment - 1));

    /// <summary>A valid --slots value: a power of two, at least 2.</summary>
    public static bool IsValidSlots(long slots) => slots >= 2 && slots <= int.MaxValue && BitOperations.IsPow2(slots);
}

/// <summary>One cell's ring geometry.</summary>
public readonly record struct RingGeometry(int MessageSize, int SlotSize, int Slots, long SegmentSize)
{
    /// <summary>Geometry of a cell with message size <paramref name="messageSize"/> and the harness's default slot count.</summary>
    public static RingGeometry For(int messageSize)
    {
        int slotSize = RingLayout.SlotSize(messageSize);
        return For(messageSize, RingLayout.DefaultSlots(slotSize));
    }

    /// <summary>Geometry with an explicit slot count (as passed by --slots).</summary>
    public static RingGeometry For(int messageSize, int slots)
    {
        if (!RingLayout.IsValidSlots(slots))
            throw new ArgumentOutOfRangeException(nameof(slots), slots, "slots must be a power of two, at least 2");
        int slotSize = RingLayout.SlotSize(messageSize);
        return new RingGeometry(messageSize, slotSize, slots, RingLayout.SegmentSize(slots, slotSize));
    }

    /// <summary>Offset of the first c2s slot.</summary>
    public long C2SSlotsOffset => RingLayout.SlotsStart;

    /// <summary>Offset of the first s2c slot.</summary>
    public long S2CSlotsOffset => RingLayout.SlotsStart + (long)Slots * SlotSize;
}

using System.Numerics;

namespace IpcBench.Protocol;

/// <summary>
/// The shared-memory segment of <c>shm</c> and <c>mmap-file</c>, protocol v2 (docs/protocol.md, "Shared-memory segment
/// and rings"): a 64-byte header, two ring controls (c2s, s2c) of two 64-byte lines (the waiting flags), slots from
/// offset 4096. Each slot starts with its u32 <c>turn</c> word (seqlock style), the message at slot offset 16.
/// All fields are u32, little-endian; positions and turns wrap modulo 2^32.
/// </summary>
public static class RingLayout
{
    /// <summary>"IPCR" read as a little-endian u32.</summary>
    public const uint Magic = 0x52435049;
    public const uint Version = ControlProtocol.Version;

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
    public const int S2CControlOffset = 192;
    public const int ControlSize = 128;
    /// <summary>u32 consumer_waiting: 1 while the consumer sleeps or is about to; written by the consumer.</summary>
    public const int ConsumerWaitingOffset = 0;
    /// <summary>u32 producer_waiting, written by the producer.</summary>
    public const int ProducerWaitingOffset = 64;

    // a slot
    /// <summary>
    /// u32 turn of a slot: slot i of the ring starts at i; the producer at position p may fill it when turn == p and
    /// publishes with turn = p + 1 (release); the consumer at position c reads it when turn == c + 1 and hands it back
    /// with turn = c + slots.
    /// </summary>
    public const int SlotTurnOffset = 0;
    /// <summary>Where the message starts in its slot (16: the body stays 16-byte aligned).</summary>
    public const int SlotMessageOffset = 16;

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
    /// <summary>cacheline, --workload handoff: the hand-off buffer follows the header page.</summary>
    public const int HandoffOffset = CachelineSegmentSize;

    /// <summary>cacheline, --workload handoff: the header page and one buffer per direction of <c>round_up(size, 4096)</c>.</summary>
    public static long HandoffSegmentSize(long size) => HandoffOffset + 2 * ((size + 4095) / 4096 * 4096);
    /// <summary>cacheline: what the peers map (header, ping and pong lines).</summary>
    public const int CachelineMappedBytes = 192;

    /// <summary><c>slot_size = round_up(16 + size, 64)</c>: the turn word's 16 bytes and the message.</summary>
    public static int SlotSize(int messageSize)
    {
        if (messageSize < Message.MinSize)
            throw new ArgumentOutOfRangeException(nameof(messageSize), messageSize, $"message size must be at least {Message.MinSize}");
        return checked((SlotMessageOffset + messageSize + SlotAlignment - 1) & ~(SlotAlignment - 1));
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

    /// <summary>A valid --slots value: a power of two from 2 to <see cref="ProtocolLimits.MaxSlots"/>.</summary>
    public static bool IsValidSlots(long slots) => slots >= ProtocolLimits.MinSlots && slots <= ProtocolLimits.MaxSlots && BitOperations.IsPow2(slots);
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
            throw new ArgumentOutOfRangeException(nameof(slots), slots, $"slots must be a power of two from {ProtocolLimits.MinSlots} to {ProtocolLimits.MaxSlots}");
        int slotSize = RingLayout.SlotSize(messageSize);
        return new RingGeometry(messageSize, slotSize, slots, RingLayout.SegmentSize(slots, slotSize));
    }

    /// <summary>Offset of the first c2s slot.</summary>
    public long C2SSlotsOffset => RingLayout.SlotsStart;

    /// <summary>Offset of the first s2c slot.</summary>
    public long S2CSlotsOffset => RingLayout.SlotsStart + (long)Slots * SlotSize;
}

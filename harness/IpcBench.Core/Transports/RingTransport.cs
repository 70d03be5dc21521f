using System.Runtime.CompilerServices;
using IpcBench.Protocol;
using static IpcBench.Interop.Posix;

namespace IpcBench.Transports;

/// <summary>
/// shm and mmap-file: two single-producer single-consumer rings of fixed-size slots in one shared segment, protocol v2
/// (docs/protocol.md). Messages are built and verified in place in the slots: zero copy. Each slot carries its own turn
/// word on the message's first line, so a message costs the consumer one line transfer plus its payload.
/// </summary>
/// <remarks>
/// Producer at position p: wait until the slot's turn is p (acquire); fill the message; store turn = p + 1 with
/// release; full fence; if consumer_waiting is 1, FUTEX_WAKE on the turn word.
/// Consumer at position c: wait until the slot's turn is c + 1 (acquire); verify in place; store turn = c + slots with
/// release; full fence; if producer_waiting is 1, FUTEX_WAKE on the turn word. Waits spin (pause, or sched_yield with
/// --yield) or sleep on the futex (100 ms slices), every one bounded by the timeout.
/// </remarks>
public sealed unsafe class RingTransport : IMessageTransport
{
    private readonly SharedSegment _segment;
    private readonly bool _futex, _yield;
    private readonly int _timeoutMs;
    private readonly uint _slots, _mask;
    private readonly int _slotSize;
    private readonly string _name;
    private Ring _tx, _rx;

    private struct Ring
    {
        public uint* ConsumerWaiting, ProducerWaiting;
        public byte* Slots;
        public uint Position; // producer: messages published; consumer: messages consumed (only this side knows it)
    }

    private RingTransport(SharedSegment segment, bool server, int size, int slots, WaitStrategy wait, bool yield, int timeoutMs)
    {
        _segment = segment;
        _name = segment.Transport;
        Size = size;
        _slots = (uint)slots;
        _mask = (uint)slots - 1;
        _slotSize = RingLayout.SlotSize(size);
        _futex = wait == WaitStrategy.Futex;
        _yield = yield;
        _timeoutMs = timeoutMs;
        byte* c2sSlots = segment.Base + RingLayout.SlotsStart;
        byte* s2cSlots = c2sSlots + (long)slots * _slotSize;
        _tx = Attach(server ? RingLayout.S2CControlOffset : RingLayout.C2SControlOffset, server ? s2cSlots : c2sSlots);
        _rx = Attach(server ? RingLayout.C2SControlOffset : RingLayout.S2CControlOffset, server ? c2sSlots : s2cSlots);
    }

    private Ring Attach(int control, byte* slots) => new()
    {
        ConsumerWaiting = _segment.Word(control + RingLayout.ConsumerWaitingOffset),
        ProducerWaiting = _segment.Word(control + RingLayout.ProducerWaitingOffset),
        Slots = slots,
    };

    /// <summary>
    /// Opens the segment (shm: by name; mmap-file: by path) of <paramref name="slots"/> slots for messages of
    /// <paramref name="size"/>. The server initialises every slot's turn and then the header; the client waits for it
    /// and checks magic, version, slot_size and slots against its options.
    /// </summary>
    public static RingTransport Open(TransportKind kind, string nameOrPath, bool server, int size, int slots, WaitStrategy wait, bool yield, int timeoutMs)
    {
        var g = RingGeometry.For(size, slots);
        var seg = SharedSegment.Open(kind, nameOrPath, g.SegmentSize);
        try
        {
            if (server)
            {
                for (long i = 0; i < 2L * g.Slots; i++) // c2s then s2c: slot i of a ring starts at turn i
                    Volatile.Write(ref *(uint*)(seg.Base + RingLayout.SlotsStart + i * g.SlotSize + RingLayout.SlotTurnOffset), (uint)(i % g.Slots));
                seg.Initialise((uint)g.SlotSize, (uint)g.Slots);
            }
            else
            {
                seg.WaitReady(timeoutMs);
                uint ss = *seg.Word(RingLayout.SlotSizeOffset), sl = *seg.Word(RingLayout.SlotsOffset);
                if (ss != (uint)g.SlotSize || sl != (uint)g.Slots)
                    throw new TransportException($"{seg.Transport}: segment has slot_size {ss} and {sl} slots, this client expects {g.SlotSize} and {g.Slots}");
            }
            return new RingTransport(seg, server, size, slots, wait == WaitStrategy.None ? WaitStrategy.Spin : wait, yield, timeoutMs);
        }
        catch
        {
            seg.Dispose();
            throw;
        }
    }

    public int Size { get; }

    /// <summary>Slots per ring.</summary>
    public int Slots => (int)_slots;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint* Turn(in Ring r) => (uint*)(r.Slots + (nint)(r.Position & _mask) * _slotSize);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> BeginSend()
    {
        uint* turn = Turn(_tx);
        if (Volatile.Read(ref *turn) != _tx.Position) // full: the consumer has not handed this slot back yet
            WaitFor(turn, _tx.Position, _tx.ProducerWaiting, "send (ring full)");
        return new Span<byte>((byte*)turn + RingLayout.SlotMessageOffset, Size);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Commit()
    {
        uint* turn = Turn(_tx);
        Volatile.Write(ref *turn, ++_tx.Position);
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref *_tx.ConsumerWaiting) == 1)
            FutexWake(turn, 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> BeginReceive()
    {
        uint* turn = Turn(_rx);
        if (Volatile.Read(ref *turn) != _rx.Position + 1) // empty: the producer has not published this slot yet
            WaitFor(turn, _rx.Position + 1, _rx.ConsumerWaiting, "receive (ring empty)");
        return new ReadOnlySpan<byte>((byte*)turn + RingLayout.SlotMessageOffset, Size);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Release()
    {
        uint* turn = Turn(_rx);
        Volatile.Write(ref *turn, _rx.Position + _slots);
        _rx.Position++;
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref *_rx.ProducerWaiting) == 1)
            FutexWake(turn, 1);
    }

    /// <summary>Waits until <c>*word == want</c> (acquire). <paramref name="flag"/> is this side's *_waiting word.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void WaitFor(uint* word, uint want, uint* flag, string what)
    {
        uint v;
        if (!_futex)
        {
            long deadline = 0;
            for (uint n = 1; ; n++)
            {
                if (Volatile.Read(ref *word) == want)
                    return;
                Deadlines.Pause(_yield);
                if ((n & 1023) == 0) // a clock read every ~1024 polls keeps the spin cheap
                {
                    if (deadline == 0)
                        deadline = Deadlines.After(_timeoutMs);
                    else if (Deadlines.Passed(deadline))
                        throw Stuck(what);
                }
            }
        }
        long end = Deadlines.After(_timeoutMs);
        while (true)
        {
            Volatile.Write(ref *flag, 1u);
            Interlocked.MemoryBarrier(); // pairs with the partner's fence after publishing
            if ((v = Volatile.Read(ref *word)) != want)
            {
                // each sleep: the shorter of 100 ms and what is left of this wait's deadline
                long left = Math.Clamp(Deadlines.TicksToNs(end - System.Diagnostics.Stopwatch.GetTimestamp()), 0, 100_000_000);
                TimeSpec slice = new(0, left);
                FutexWait(word, v, &slice);
            }
            Volatile.Write(ref *flag, 0u);
            if (Volatile.Read(ref *word) == want)
                return;
            if (Deadlines.Passed(end))
                throw Stuck(what);
        }
    }

    private TransportException Stuck(string what)
        => new($"{_name}: {what}: the partner made no progress within {_timeoutMs} ms");

    public void Dispose() => _segment.Dispose();
}

/// <summary>
/// The cache-line ping-pong floor: the client stores <c>ping = i</c> (release) and spins until <c>pong == i</c>; the
/// server spins until <c>ping == i</c> and stores <c>pong = i</c>. Round i counts from 1 (the zeroed words never match).
/// </summary>
public sealed unsafe class CachelineChannel : IDisposable
{
    /// <summary>What the cacheline peer maps: the header and the ping and pong lines.</summary>
    public const int MappedBytes = RingLayout.CachelineMappedBytes;

    private readonly SharedSegment _segment;
    private readonly uint* _ping, _pong;
    private readonly bool _yield;
    private readonly int _timeoutMs;

    private CachelineChannel(SharedSegment segment, bool yield, int timeoutMs)
    {
        _segment = segment;
        _ping = segment.Word(RingLayout.PingOffset);
        _pong = segment.Word(RingLayout.PongOffset);
        _yield = yield;
        _timeoutMs = timeoutMs;
    }

    /// <summary>Opens the shm object; the server writes the header (slot_size 0, slots 0) and ready, the client waits for it.</summary>
    public static CachelineChannel Open(string name, bool server, bool yield, int timeoutMs)
    {
        var seg = SharedSegment.Open(TransportKind.Cacheline, name, MappedBytes);
        try
        {
            if (server)
            {
                Volatile.Write(ref *seg.Word(RingLayout.PingOffset), 0u);
                Volatile.Write(ref *seg.Word(RingLayout.PongOffset), 0u);
                seg.Initialise(0, 0);
            }
            else
            {
                seg.WaitReady(timeoutMs);
            }
            return new CachelineChannel(seg, yield, timeoutMs);
        }
        catch
        {
            seg.Dispose();
            throw;
        }
    }

    /// <summary>Client: one round trip of value <paramref name="v"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Ping(uint v)
    {
        Volatile.Write(ref *_ping, v);
        if (Volatile.Read(ref *_pong) != v)
            SpinUntil(_pong, v);
    }

    /// <summary>Server: answers round <paramref name="v"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Pong(uint v)
    {
        if (Volatile.Read(ref *_ping) != v)
            SpinUntil(_ping, v);
        Volatile.Write(ref *_pong, v);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void SpinUntil(uint* word, uint v)
    {
        long deadline = 0;
        for (uint n = 1; Volatile.Read(ref *word) != v; n++)
        {
            Deadlines.Pause(_yield);
            if ((n & 1023) == 0)
            {
                if (deadline == 0)
                    deadline = Deadlines.After(_timeoutMs);
                else if (Deadlines.Passed(deadline))
                    throw new TransportException($"cacheline: the partner made no progress within {_timeoutMs} ms");
            }
        }
    }

    public void Dispose() => _segment.Dispose();
}

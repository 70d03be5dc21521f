using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using IpcBench.Interop;
using static IpcBench.Interop.Posix;

namespace IpcBench.Transports;

/// <summary>
/// POSIX message queues: one message per blocking mq_timedsend / mq_timedreceive, each bounded by an absolute
/// CLOCK_REALTIME deadline the timeout away. A received length other than the size is a verify error.
/// </summary>
public sealed unsafe class MqTransport : IMessageTransport
{
    private readonly SafeMqDescriptor _recv, _send;
    private readonly int _timeoutMs;
    private readonly int _recvCapacity;
    private byte* _sendBuf, _recvBuf;
    private ulong _received;

    /// <summary>Takes ownership of both descriptors; <paramref name="receiveCapacity"/> is the receive queue's mq_msgsize.</summary>
    internal MqTransport(SafeMqDescriptor receive, SafeMqDescriptor send, int size, int receiveCapacity, int timeoutMs)
    {
        _recv = receive;
        _send = send;
        Size = size;
        _recvCapacity = receiveCapacity;
        _timeoutMs = timeoutMs;
        _sendBuf = (byte*)NativeMemory.AlignedAlloc((nuint)size, 64);
        _recvBuf = (byte*)NativeMemory.AlignedAlloc((nuint)receiveCapacity, 64);
        NativeMemory.Clear(_sendBuf, (nuint)size);
        NativeMemory.Clear(_recvBuf, (nuint)receiveCapacity);
    }

    public int Size { get; }

    /// <summary>Opens <c>prefix-c2s</c> and <c>prefix-s2c</c> for one role (server reads c2s), checking each queue's msgsize.</summary>
    public static MqTransport Open(string prefix, bool server, int size, int timeoutMs)
    {
        SafeMqDescriptor? r = null, w = null;
        try
        {
            r = OpenQueue(prefix + (server ? "-c2s" : "-s2c"), O_RDONLY, size, out long rcap);
            w = OpenQueue(prefix + (server ? "-s2c" : "-c2s"), O_WRONLY, size, out _);
            return new MqTransport(r, w, size, checked((int)rcap), timeoutMs);
        }
        catch
        {
            r?.Dispose();
            w?.Dispose();
            throw;
        }
    }

    private static SafeMqDescriptor OpenQueue(string name, int flags, int size, out long msgSize)
    {
        var q = MqOpen(name, flags | O_CLOEXEC);
        MqAttr a = MqGetAttr(q);
        if (a.MsgSize < size)
        {
            q.Dispose();
            throw new TransportException($"mq: queue {name} carries at most {a.MsgSize.ToString(CultureInfo.InvariantCulture)} bytes per message, --size is {size.ToString(CultureInfo.InvariantCulture)}");
        }
        msgSize = a.MsgSize;
        return q;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private TimeSpec Deadline()
    {
        TimeSpec t;
        ClockGetTimeRaw(CLOCK_REALTIME, &t);
        t.Seconds += _timeoutMs / 1000;
        t.Nanoseconds += _timeoutMs % 1000 * 1_000_000L;
        if (t.Nanoseconds >= 1_000_000_000L)
        {
            t.Seconds++;
            t.Nanoseconds -= 1_000_000_000L;
        }
        return t;
    }

    public Span<byte> BeginSend() => new(_sendBuf, Size);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Commit()
    {
        TimeSpec d = Deadline();
        while (MqTimedSendRaw(_send, _sendBuf, (nuint)Size, 0, &d) != 0)
        {
            int e = LastErrno;
            if (e == Errno.ETIMEDOUT)
                throw new TransportException($"mq: send timed out after {_timeoutMs} ms (queue full, the partner is not receiving)");
            if (e != Errno.EINTR)
                throw new TransportException("mq: " + new PosixException("mq_timedsend", null, e).Message);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<byte> BeginReceive()
    {
        TimeSpec d = Deadline();
        nint n;
        while ((n = MqTimedReceiveRaw(_recv, _recvBuf, (nuint)_recvCapacity, null, &d)) < 0)
        {
            int e = LastErrno;
            if (e == Errno.ETIMEDOUT)
                throw new TransportException($"mq: receive timed out after {_timeoutMs} ms (the partner made no progress)");
            if (e != Errno.EINTR)
                throw new TransportException("mq: " + new PosixException("mq_timedreceive", null, e).Message);
        }
        if (n != Size)
            throw new Protocol.VerifyException($"verify: message {_received.ToString(CultureInfo.InvariantCulture)}: received {n.ToString(CultureInfo.InvariantCulture)} bytes, expected {Size.ToString(CultureInfo.InvariantCulture)}");
        return new ReadOnlySpan<byte>(_recvBuf, Size);
    }

    public void Release() => _received++;

    public void Dispose()
    {
        _recv.Dispose();
        _send.Dispose();
        if (_sendBuf != null)
        {
            NativeMemory.AlignedFree(_sendBuf);
            NativeMemory.AlignedFree(_recvBuf);
            _sendBuf = _recvBuf = null;
        }
    }
}

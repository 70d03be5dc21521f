using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using IpcBench.Interop;
using static IpcBench.Interop.Posix;

namespace IpcBench.Transports;

/// <summary>
/// pipe, fifo, uds: a byte stream. Each message moves as a loop of partial read(2)/write(2) calls, each preceded by
/// poll(2) so every single wait is bounded by the timeout (as the native peer does: like for like). The fds are
/// blocking. End of file or EPIPE means the partner closed or died.
/// </summary>
public sealed unsafe class StreamTransport : IMessageTransport
{
    private readonly SafeFileDescriptor _read, _write;
    private readonly string _name;
    private readonly int _timeoutMs;
    private byte* _sendBuf, _recvBuf;

    /// <summary>Takes ownership of <paramref name="read"/> and <paramref name="write"/> (may be the same socket).</summary>
    internal StreamTransport(string name, SafeFileDescriptor read, SafeFileDescriptor write, int size, int timeoutMs)
    {
        _name = name;
        _read = read;
        _write = write;
        Size = size;
        _timeoutMs = timeoutMs;
        _sendBuf = (byte*)NativeMemory.AlignedAlloc((nuint)size, 64);
        _recvBuf = (byte*)NativeMemory.AlignedAlloc((nuint)size, 64);
        NativeMemory.Clear(_sendBuf, (nuint)size);
        NativeMemory.Clear(_recvBuf, (nuint)size);
    }

    public int Size { get; }

    public Span<byte> BeginSend() => new(_sendBuf, Size);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Commit()
    {
        byte* p = _sendBuf;
        nuint n = (nuint)Size;
        while (n > 0)
        {
            WaitFd(_write, POLLOUT, "write");
            nint r = WriteRaw(_write, p, n);
            if (r > 0)
            {
                p += r;
                n -= (nuint)r;
            }
            else if (r < 0)
            {
                int e = LastErrno;
                if (e != Errno.EINTR && e != Errno.EAGAIN)
                    Fail("write", e);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<byte> BeginReceive()
    {
        byte* p = _recvBuf;
        nuint n = (nuint)Size;
        while (n > 0)
        {
            WaitFd(_read, POLLIN, "read");
            nint r = ReadRaw(_read, p, n);
            if (r > 0)
            {
                p += r;
                n -= (nuint)r;
            }
            else if (r == 0)
            {
                throw new TransportException($"{_name}: read: end of file after {Size - (int)n} of {Size} bytes of a message (the partner closed or died)");
            }
            else
            {
                int e = LastErrno;
                if (e != Errno.EINTR && e != Errno.EAGAIN)
                    Fail("read", e);
            }
        }
        return new ReadOnlySpan<byte>(_recvBuf, Size);
    }

    public void Release() { }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WaitFd(SafeFileDescriptor fd, short events, string what)
    {
        PollFd p;
        p.Fd = fd.Fd;
        p.Events = events;
        p.REvents = 0;
        while (true)
        {
            int r = PollRaw(&p, 1, _timeoutMs);
            if (r > 0)
                return; // POLLHUP/POLLERR too: the read or write names it
            if (r == 0)
                throw new TransportException($"{_name}: {what} timed out after {_timeoutMs} ms (the partner made no progress)");
            int e = LastErrno;
            if (e != Errno.EINTR)
                Fail("poll", e);
        }
    }

    private void Fail(string call, int errno)
    {
        var inner = new PosixException(call, _name, errno);
        throw errno == Errno.EPIPE || errno == Errno.ECONNRESET
            ? new TransportException($"{_name}: {call}: {inner.ErrnoName} (the partner closed or died)", inner)
            : new TransportException($"{_name}: {inner.Message}", inner);
    }

    public void Dispose()
    {
        _read.Dispose();
        _write.Dispose();
        if (_sendBuf != null)
        {
            NativeMemory.AlignedFree(_sendBuf);
            NativeMemory.AlignedFree(_recvBuf);
            _sendBuf = _recvBuf = null;
        }
    }
}

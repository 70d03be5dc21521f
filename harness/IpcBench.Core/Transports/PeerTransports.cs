using System.Globalization;
using IpcBench.Interop;
using IpcBench.Protocol;
using static IpcBench.Interop.Posix;

namespace IpcBench.Transports;

/// <summary>The peer side of opening a transport, per docs/protocol.md's transport table (every wait bounded).</summary>
public static unsafe class PeerTransports
{
    /// <summary>Opens the message transport of <paramref name="o"/> (not cacheline, not none).</summary>
    public static IMessageTransport Open(PeerOptions o)
    {
        bool server = o.Role == PeerRole.Server;
        return o.Transport switch
        {
            TransportKind.Pipe => OpenPipe(o.Fds!, o.Size, o.TimeoutMs),
            TransportKind.Fifo => OpenFifo(o.Path!, server, o.Size, o.TimeoutMs),
            TransportKind.Uds => OpenUds(o.Path!, server, o.Size, o.TimeoutMs),
            TransportKind.Mq => MqTransport.Open(o.Name!, server, o.Size, o.TimeoutMs),
            TransportKind.Shm => RingTransport.Open(TransportKind.Shm, o.Name!, server, o.Size, o.Slots, o.Wait, o.Yield, o.TimeoutMs),
            TransportKind.MmapFile => RingTransport.Open(TransportKind.MmapFile, o.Path!, server, o.Size, o.Slots, o.Wait, o.Yield, o.TimeoutMs),
            _ => throw new ArgumentException($"--transport {o.Transport?.ToName() ?? "none"} has no message transport", nameof(o)),
        };
    }

    /// <summary>pipe: the inherited read and write fds; closes the rest of <paramref name="fds"/> (the partner's ends).</summary>
    public static StreamTransport OpenPipe(IReadOnlyList<int> fds, int size, int timeoutMs)
    {
        int r = fds[0], w = fds[1];
        for (int i = 2; i < fds.Count; i++)
        {
            if (fds[i] != r && fds[i] != w)
                CloseRaw(fds[i]); // without this, the partner's death is never seen
        }
        var read = new SafeFileDescriptor(r);
        var write = new SafeFileDescriptor(w);
        try
        {
            CheckAccess(read, O_RDONLY, "read");
            CheckAccess(write, O_WRONLY, "write");
            SetCloseOnExec(read, true);
            SetCloseOnExec(write, true);
            SetNonBlocking(read, false);
            SetNonBlocking(write, false);
            return new StreamTransport("pipe", read, write, size, timeoutMs);
        }
        catch
        {
            read.Dispose();
            write.Dispose();
            throw;
        }
    }

    private static void CheckAccess(SafeFileDescriptor fd, int mode, string what)
    {
        int fl = FcntlRaw(fd, F_GETFL, 0);
        if (fl < 0 || (fl & 3) != mode)
            throw new TransportException($"pipe: --fds {what} fd {fd.Fd.ToString(CultureInfo.InvariantCulture)} is {(fl < 0 ? "not open" : mode == O_RDONLY ? "not read-only" : "not write-only")}");
    }

    /// <summary>
    /// fifo: read end <c>O_RDONLY|O_NONBLOCK</c> first, then the write end <c>O_WRONLY|O_NONBLOCK</c> retried on ENXIO
    /// until the partner's reader exists (bounded), then O_NONBLOCK cleared on both. The server reads c2s.
    /// </summary>
    public static StreamTransport OpenFifo(string dir, bool server, int size, int timeoutMs)
    {
        string rpath = Path.Combine(dir, server ? "c2s" : "s2c");
        string wpath = Path.Combine(dir, server ? "s2c" : "c2s");
        SafeFileDescriptor read = Posix.Open(rpath, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        SafeFileDescriptor? write = null;
        try
        {
            long deadline = Deadlines.After(timeoutMs);
            int fd;
            while ((fd = OpenRaw(wpath, O_WRONLY | O_NONBLOCK | O_CLOEXEC, 0)) < 0)
            {
                int e = LastErrno;
                if (e != Errno.ENXIO && e != Errno.EINTR)
                    throw new PosixException("open", wpath, e);
                if (Deadlines.Passed(deadline))
                    throw new TransportException($"fifo: open {wpath} for writing: no reader within {timeoutMs} ms");
                Thread.Sleep(1);
            }
            write = new SafeFileDescriptor(fd);
            SetNonBlocking(read, false);
            SetNonBlocking(write, false);
            return new StreamTransport("fifo", read, write, size, timeoutMs);
        }
        catch
        {
            read.Dispose();
            write?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// uds: server <c>socket(AF_UNIX, SOCK_STREAM)</c>, bind (umask 077: the socket file is owner-only), listen, accept
    /// bounded with poll; client connect retried on ENOENT/ECONNREFUSED until the timeout.
    /// </summary>
    public static StreamTransport OpenUds(string path, bool server, int size, int timeoutMs)
    {
        SafeFileDescriptor fd;
        if (server)
        {
            using var listener = Socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC);
            uint old = Umask(0x3F); // 077
            try
            {
                BindUnix(listener, path);
            }
            finally
            {
                Umask(old);
            }
            Listen(listener, 1);
            if (PollOne(listener, POLLIN, timeoutMs) == 0)
                throw new TransportException($"uds: accept timed out after {timeoutMs} ms (no client connected)");
            int c;
            do c = Accept4Raw(listener, null, null, SOCK_CLOEXEC); while (RetryOrThrow(c, "accept4", path));
            fd = new SafeFileDescriptor(c);
        }
        else
        {
            long deadline = Deadlines.After(timeoutMs);
            while (true)
            {
                var s = Socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC);
                if (ConnectUnixRaw(s, path) == 0)
                {
                    fd = s;
                    break;
                }
                int e = LastErrno;
                s.Dispose();
                if (e != Errno.ENOENT && e != Errno.ECONNREFUSED && e != Errno.EAGAIN && e != Errno.EINTR)
                    throw new PosixException("connect", path, e);
                if (Deadlines.Passed(deadline))
                    throw new TransportException($"uds: connect {path}: no listener within {timeoutMs} ms ({Errno.Name(e)})");
                Thread.Sleep(1);
            }
        }
        return new StreamTransport("uds", fd, fd, size, timeoutMs);
    }
}

using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    public const short POLLIN = 0x001;
    public const short POLLPRI = 0x002;
    public const short POLLOUT = 0x004;
    public const short POLLERR = 0x008;
    public const short POLLHUP = 0x010;
    public const short POLLNVAL = 0x020;

    /// <summary>poll(2): raw; <paramref name="timeoutMs"/> -1 waits without bound.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "poll", SetLastError = true)]
    public static partial int PollRaw(PollFd* fds, nuint count, int timeoutMs);

    /// <summary>poll(2): number of ready descriptors, 0 on timeout; EINTR retried (with the full timeout again); failure throws.</summary>
    public static int Poll(PollFd* fds, int count, int timeoutMs)
    {
        int r;
        do r = PollRaw(fds, (nuint)count, timeoutMs); while (RetryOrThrow(r, "poll"));
        return r;
    }

    /// <summary>Waits until <paramref name="fd"/> has one of <paramref name="events"/>: the revents, or 0 on timeout.</summary>
    public static short PollOne(SafeFileDescriptor fd, short events, int timeoutMs)
    {
        bool added = false;
        try
        {
            fd.DangerousAddRef(ref added);
            PollFd p = new() { Fd = fd.Fd, Events = events };
            return Poll(&p, 1, timeoutMs) == 0 ? (short)0 : p.REvents;
        }
        finally
        {
            if (added)
                fd.DangerousRelease();
        }
    }
}

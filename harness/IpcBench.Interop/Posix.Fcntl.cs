using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    public const int F_DUPFD = 0;
    public const int F_GETFD = 1;
    public const int F_SETFD = 2;
    public const int F_GETFL = 3;
    public const int F_SETFL = 4;
    public const int F_DUPFD_CLOEXEC = 1030;
    public const int F_SETPIPE_SZ = 1031;
    public const int F_GETPIPE_SZ = 1032;
    public const int FD_CLOEXEC = 1;

    /// <summary>fcntl(2): raw (the variadic argument passed as a long, which the x86-64 ABI allows).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int FcntlRaw(SafeFileDescriptor fd, int cmd, long arg);

    /// <summary>fcntl(2); EINTR retried; failure throws.</summary>
    public static int Fcntl(SafeFileDescriptor fd, int cmd, long arg = 0)
    {
        int r;
        do r = FcntlRaw(fd, cmd, arg); while (RetryOrThrow(r, "fcntl", fd));
        return r;
    }

    /// <summary>Sets or clears FD_CLOEXEC (a per-descriptor flag).</summary>
    public static void SetCloseOnExec(SafeFileDescriptor fd, bool on)
    {
        int flags = Fcntl(fd, F_GETFD);
        Fcntl(fd, F_SETFD, on ? flags | FD_CLOEXEC : flags & ~FD_CLOEXEC);
    }

    /// <summary>Sets or clears O_NONBLOCK (a flag of the open file description, shared by dup'ed/inherited copies).</summary>
    public static void SetNonBlocking(SafeFileDescriptor fd, bool on)
    {
        int flags = Fcntl(fd, F_GETFL);
        Fcntl(fd, F_SETFL, on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK);
    }
}

using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    public const int AF_UNIX = 1;
    public const int SOCK_STREAM = 1;
    public const int SOCK_DGRAM = 2;
    public const int SOCK_SEQPACKET = 5;
    public const int SOCK_NONBLOCK = 0x800;
    public const int SOCK_CLOEXEC = 0x80000;

    /// <summary>socket(2): raw.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "socket", SetLastError = true)]
    public static partial int SocketRaw(int domain, int type, int protocol);

    /// <summary>socket(2): owned fd; failure throws.</summary>
    public static SafeFileDescriptor Socket(int domain, int type, int protocol = 0)
    {
        int fd;
        do fd = SocketRaw(domain, type, protocol); while (RetryOrThrow(fd, "socket"));
        return new SafeFileDescriptor(fd);
    }
}

using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>accept(2): raw; address and length may be null.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "accept", SetLastError = true)]
    public static partial int AcceptRaw(SafeFileDescriptor fd, void* address, uint* addressLength);

    /// <summary>accept4(2): raw (flags SOCK_CLOEXEC, SOCK_NONBLOCK).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "accept4", SetLastError = true)]
    public static partial int Accept4Raw(SafeFileDescriptor fd, void* address, uint* addressLength, int flags);

    /// <summary>accept(2) (blocks unless the socket is non-blocking; bound it with <see cref="Poll(PollFd*, int, int)"/>): owned fd; failure throws.</summary>
    public static SafeFileDescriptor Accept(SafeFileDescriptor fd)
    {
        int c;
        do c = AcceptRaw(fd, null, null); while (RetryOrThrow(c, "accept", fd));
        return new SafeFileDescriptor(c);
    }
}

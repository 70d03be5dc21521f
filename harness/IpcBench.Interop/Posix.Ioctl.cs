using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>ioctl request: the number of unread bytes of a pipe, FIFO or socket, into an int.</summary>
    public const int FIONREAD = 0x541B;

    /// <summary>ioctl(2): raw, for requests whose argument is a pointer to an int (variadic in C: docs/bindings.md).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int IoctlRaw(SafeFileDescriptor fd, ulong request, int* arg);

    /// <summary>ioctl(2) with an int argument the call fills in (e.g. FIONREAD); EINTR retried; failure throws.</summary>
    public static int IoctlInt(SafeFileDescriptor fd, ulong request)
    {
        int value = 0;
        int r;
        do r = IoctlRaw(fd, request, &value); while (RetryOrThrow(r, "ioctl", fd));
        return value;
    }
}

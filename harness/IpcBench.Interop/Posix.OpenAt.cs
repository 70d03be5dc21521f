using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>openat(2): raw; <paramref name="name"/> is resolved relative to the directory <paramref name="dirFd"/>.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenAtRaw(SafeFileDescriptor dirFd, string name, int flags, uint mode);

    /// <summary>openat(2): owned fd; EINTR retried; failure throws.</summary>
    public static SafeFileDescriptor OpenAt(SafeFileDescriptor dirFd, string name, int flags, uint mode = 0)
    {
        int fd;
        do fd = OpenAtRaw(dirFd, name, flags, mode); while (RetryOrThrow(fd, "openat", name));
        return new SafeFileDescriptor(fd);
    }
}

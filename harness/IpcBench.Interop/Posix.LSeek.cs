using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    public const int SEEK_SET = 0;
    public const int SEEK_CUR = 1;
    public const int SEEK_END = 2;

    /// <summary>lseek(2): raw (64-bit off_t).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "lseek", SetLastError = true)]
    public static partial long LSeekRaw(SafeFileDescriptor fd, long offset, int whence);

    /// <summary>lseek(2); failure throws. <c>LSeek(fd, 0, SEEK_END)</c> is the size of a file or shm object.</summary>
    public static long LSeek(SafeFileDescriptor fd, long offset, int whence)
    {
        long r;
        do r = LSeekRaw(fd, offset, whence); while (RetryOrThrow(r, "lseek", fd));
        return r;
    }
}

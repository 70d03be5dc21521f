using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>ftruncate(2): raw (64-bit off_t).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int FTruncateRaw(SafeFileDescriptor fd, long length);

    /// <summary>ftruncate(2); EINTR retried; failure throws.</summary>
    public static void FTruncate(SafeFileDescriptor fd, long length)
    {
        int r;
        do r = FTruncateRaw(fd, length); while (RetryOrThrow(r, "ftruncate", fd));
    }
}

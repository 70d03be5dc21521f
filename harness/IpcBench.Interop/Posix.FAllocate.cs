using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>fallocate(2): raw (64-bit off_t); mode 0 allocates the range and extends the size.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "fallocate", SetLastError = true)]
    public static partial int FAllocateRaw(SafeFileDescriptor fd, int mode, long offset, long length);

    /// <summary>fallocate(2) with mode 0; EINTR retried; failure throws (ENOSPC when the file system cannot hold the range).</summary>
    public static void FAllocate(SafeFileDescriptor fd, long offset, long length)
    {
        int r;
        do r = FAllocateRaw(fd, 0, offset, length); while (RetryOrThrow(r, "fallocate", fd));
    }
}

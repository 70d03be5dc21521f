using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary><c>ssize_t pread(int fd, void *buf, size_t count, off_t offset)</c> (x86-64: 64-bit off_t).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "pread", SetLastError = true)]
    public static partial nint PReadRaw(SafeFileDescriptor fd, byte* buffer, nuint count, long offset);

    /// <summary>Reads at <paramref name="offset"/> without moving the file offset; EINTR retried, errors thrown.</summary>
    public static int PRead(SafeFileDescriptor fd, Span<byte> buffer, long offset)
    {
        nint n;
        fixed (byte* p = buffer)
        {
            do n = PReadRaw(fd, p, (nuint)buffer.Length, offset); while (RetryOrThrow(n, "pread", fd));
        }
        return (int)n;
    }
}

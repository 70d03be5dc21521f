using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary><c>ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset)</c> (x86-64: 64-bit off_t).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "pwrite", SetLastError = true)]
    public static partial nint PWriteRaw(SafeFileDescriptor fd, byte* buffer, nuint count, long offset);

    /// <summary>Writes at <paramref name="offset"/> without moving the file offset; EINTR retried, errors thrown.</summary>
    public static int PWrite(SafeFileDescriptor fd, ReadOnlySpan<byte> buffer, long offset)
    {
        nint n;
        fixed (byte* p = buffer)
        {
            do n = PWriteRaw(fd, p, (nuint)buffer.Length, offset); while (RetryOrThrow(n, "pwrite", fd));
        }
        return (int)n;
    }
}

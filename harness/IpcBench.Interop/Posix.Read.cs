using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>read(2): raw.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "read", SetLastError = true)]
    public static partial nint ReadRaw(SafeFileDescriptor fd, byte* buffer, nuint count);

    /// <summary>read(2) into <paramref name="buffer"/>: bytes read (0 at end of file); EINTR retried; failure throws.</summary>
    public static int Read(SafeFileDescriptor fd, Span<byte> buffer)
    {
        nint n;
        fixed (byte* p = buffer)
        {
            do n = ReadRaw(fd, p, (nuint)buffer.Length); while (RetryOrThrow(n, "read", fd));
        }
        return (int)n;
    }
}

using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>write(2): raw.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "write", SetLastError = true)]
    public static partial nint WriteRaw(SafeFileDescriptor fd, byte* buffer, nuint count);

    /// <summary>write(2) of <paramref name="buffer"/>: bytes written (may be partial); EINTR retried; failure throws.</summary>
    public static int Write(SafeFileDescriptor fd, ReadOnlySpan<byte> buffer)
    {
        nint n;
        fixed (byte* p = buffer)
        {
            do n = WriteRaw(fd, p, (nuint)buffer.Length); while (RetryOrThrow(n, "write", fd));
        }
        return (int)n;
    }
}

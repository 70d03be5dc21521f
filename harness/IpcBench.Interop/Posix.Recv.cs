using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>recv(2): raw (flags: MSG_DONTWAIT, MSG_WAITALL, ... in Posix.Send.cs).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "recv", SetLastError = true)]
    public static partial nint RecvRaw(SafeFileDescriptor fd, byte* buffer, nuint count, int flags);

    /// <summary>recv(2) into <paramref name="buffer"/>: bytes received (0: the peer shut down); EINTR retried; failure throws.</summary>
    public static int Recv(SafeFileDescriptor fd, Span<byte> buffer, int flags = 0)
    {
        nint n;
        fixed (byte* p = buffer)
        {
            do n = RecvRaw(fd, p, (nuint)buffer.Length, flags); while (RetryOrThrow(n, "recv", fd));
        }
        return (int)n;
    }
}

using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    public const int MSG_DONTWAIT = 0x40;
    public const int MSG_WAITALL = 0x100;
    public const int MSG_NOSIGNAL = 0x4000;

    /// <summary>send(2): raw.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "send", SetLastError = true)]
    public static partial nint SendRaw(SafeFileDescriptor fd, byte* buffer, nuint count, int flags);

    /// <summary>send(2) of <paramref name="buffer"/>: bytes sent (may be partial); EINTR retried; failure throws.</summary>
    public static int Send(SafeFileDescriptor fd, ReadOnlySpan<byte> buffer, int flags = 0)
    {
        nint n;
        fixed (byte* p = buffer)
        {
            do n = SendRaw(fd, p, (nuint)buffer.Length, flags); while (RetryOrThrow(n, "send", fd));
        }
        return (int)n;
    }
}

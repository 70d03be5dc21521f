using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>connect(2): raw.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "connect", SetLastError = true)]
    public static partial int ConnectRaw(SafeFileDescriptor fd, void* address, uint addressLength);

    /// <summary>connect(2) of an AF_UNIX socket to <paramref name="path"/>: 0, or -1 with <see cref="LastErrno"/> set (no throw: callers retry ENOENT/ECONNREFUSED).</summary>
    public static int ConnectUnixRaw(SafeFileDescriptor fd, string path)
    {
        SockAddrUn a = SockAddrUn.For(path);
        return ConnectRaw(fd, &a, SockAddrUn.LengthFor(path));
    }

    /// <summary>connect(2) of an AF_UNIX socket to <paramref name="path"/>; failure throws.</summary>
    public static void ConnectUnix(SafeFileDescriptor fd, string path)
    {
        int r;
        do r = ConnectUnixRaw(fd, path); while (RetryOrThrow(r, "connect", path));
    }
}

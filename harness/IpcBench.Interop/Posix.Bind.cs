using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>bind(2): raw.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "bind", SetLastError = true)]
    public static partial int BindRaw(SafeFileDescriptor fd, void* address, uint addressLength);

    /// <summary>bind(2) of an AF_UNIX socket to <paramref name="path"/> (creates the socket file); failure throws.</summary>
    public static void BindUnix(SafeFileDescriptor fd, string path)
    {
        SockAddrUn a = SockAddrUn.For(path);
        int r;
        do r = BindRaw(fd, &a, SockAddrUn.LengthFor(path)); while (RetryOrThrow(r, "bind", path));
    }
}

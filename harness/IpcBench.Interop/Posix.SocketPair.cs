using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>socketpair(2): raw; <paramref name="fds"/> points to two ints.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "socketpair", SetLastError = true)]
    public static partial int SocketPairRaw(int domain, int type, int protocol, int* fds);

    /// <summary>socketpair(2): two connected sockets, both owned; failure throws.</summary>
    public static void SocketPair(int domain, int type, int protocol, out SafeFileDescriptor first, out SafeFileDescriptor second)
    {
        int* fds = stackalloc int[2];
        int r;
        do r = SocketPairRaw(domain, type, protocol, fds); while (RetryOrThrow(r, "socketpair"));
        first = new SafeFileDescriptor(fds[0]);
        second = new SafeFileDescriptor(fds[1]);
    }
}

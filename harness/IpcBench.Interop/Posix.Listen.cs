using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>listen(2): raw.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "listen", SetLastError = true)]
    public static partial int ListenRaw(SafeFileDescriptor fd, int backlog);

    /// <summary>listen(2); failure throws.</summary>
    public static void Listen(SafeFileDescriptor fd, int backlog)
    {
        int r;
        do r = ListenRaw(fd, backlog); while (RetryOrThrow(r, "listen", fd));
    }
}

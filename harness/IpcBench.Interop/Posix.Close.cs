using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>close(2). Not retried on EINTR (Linux releases the fd anyway). Prefer disposing a <see cref="SafeFileDescriptor"/>.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "close", SetLastError = true)]
    public static partial int CloseRaw(int fd);
}

using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    public const int MS_ASYNC = 1;
    public const int MS_INVALIDATE = 2;
    public const int MS_SYNC = 4;

    /// <summary>msync(2): raw.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "msync", SetLastError = true)]
    public static partial int MSyncRaw(void* address, nuint length, int flags);

    /// <summary>msync(2); failure throws.</summary>
    public static void MSync(void* address, nuint length, int flags)
    {
        int r;
        do r = MSyncRaw(address, length, flags); while (RetryOrThrow(r, "msync"));
    }
}

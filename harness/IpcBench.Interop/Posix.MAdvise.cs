using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    public const int MADV_NORMAL = 0;
    public const int MADV_RANDOM = 1;
    public const int MADV_SEQUENTIAL = 2;
    public const int MADV_WILLNEED = 3;
    public const int MADV_DONTNEED = 4;
    public const int MADV_FREE = 8;
    public const int MADV_REMOVE = 9;
    public const int MADV_HUGEPAGE = 14;
    public const int MADV_NOHUGEPAGE = 15;

    /// <summary>madvise(2): raw.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "madvise", SetLastError = true)]
    public static partial int MAdviseRaw(void* address, nuint length, int advice);

    /// <summary>madvise(2); failure throws.</summary>
    public static void MAdvise(void* address, nuint length, int advice)
    {
        int r;
        do r = MAdviseRaw(address, length, advice); while (RetryOrThrow(r, "madvise"));
    }
}

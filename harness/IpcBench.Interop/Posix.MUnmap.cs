using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>munmap(2): raw. Prefer disposing the <see cref="MappedRegion"/>.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "munmap", SetLastError = true)]
    public static partial int MUnmapRaw(void* address, nuint length);

    /// <summary>munmap(2) of part of a mapping (the region still owns the rest); failure throws.</summary>
    public static void MUnmap(void* address, nuint length)
    {
        int r;
        do r = MUnmapRaw(address, length); while (RetryOrThrow(r, "munmap"));
    }
}

using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>mprotect(2): raw.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "mprotect", SetLastError = true)]
    public static partial int MProtectRaw(void* address, nuint length, int prot);

    /// <summary>mprotect(2); failure throws.</summary>
    public static void MProtect(void* address, nuint length, int prot)
    {
        int r;
        do r = MProtectRaw(address, length, prot); while (RetryOrThrow(r, "mprotect"));
    }
}

using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>rmdir(2): raw.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "rmdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RmDirRaw(string path);

    /// <summary>rmdir(2); failure throws.</summary>
    public static void RmDir(string path)
    {
        int r;
        do r = RmDirRaw(path); while (RetryOrThrow(r, "rmdir", path));
    }
}

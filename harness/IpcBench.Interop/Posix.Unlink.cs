using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>unlink(2): raw.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int UnlinkRaw(string path);

    /// <summary>unlink(2); failure throws.</summary>
    public static void Unlink(string path)
    {
        int r;
        do r = UnlinkRaw(path); while (RetryOrThrow(r, "unlink", path));
    }
}

using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>mkdir(2): raw (mode is reduced by the umask).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "mkdir", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MkDirRaw(string path, uint mode);

    /// <summary>mkdir(2) (exclusive: EEXIST if the name exists); failure throws.</summary>
    public static void MkDir(string path, uint mode)
    {
        int r;
        do r = MkDirRaw(path, mode); while (RetryOrThrow(r, "mkdir", path));
    }
}

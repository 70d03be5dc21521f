using System.Runtime.InteropServices;

namespace IpcBench.Interop;

public static unsafe partial class Interop
{
    /// <summary>chmod(2): raw.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "chmod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ChModRaw(string path, uint mode);

    /// <summary>chmod(2) (sets the exact mode, whatever the umask); failure throws.</summary>
    public static void ChMod(string path, uint mode)
    {
        int r;
        do r = ChModRaw(path, mode); while (RetryOrThrow(r, "chmod", path));
    }
}

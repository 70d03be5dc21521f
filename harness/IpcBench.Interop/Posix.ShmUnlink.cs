using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>shm_unlink(3): raw.</summary>
    [LibraryImport(Libraries.Rt, EntryPoint = "shm_unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ShmUnlinkRaw(string name);

    /// <summary>shm_unlink(3); failure throws.</summary>
    public static void ShmUnlink(string name)
    {
        int r;
        do r = ShmUnlinkRaw(name); while (RetryOrThrow(r, "shm_unlink", name));
    }
}

using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>geteuid(2): the uid whose objects this process may clean up.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "geteuid")]
    public static partial uint GetEUid();
}

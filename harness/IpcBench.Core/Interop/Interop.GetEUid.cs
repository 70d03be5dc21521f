using System.Runtime.InteropServices;

namespace IpcBench.Interop;

public static unsafe partial class Interop
{
    /// <summary>geteuid(2): the uid whose objects this process may clean up.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "geteuid")]
    public static partial uint GetEUid();
}

using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>sched_yield(2) (cannot fail on Linux).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "sched_yield")]
    public static partial int SchedYield();
}

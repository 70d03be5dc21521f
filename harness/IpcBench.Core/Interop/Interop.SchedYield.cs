using System.Runtime.InteropServices;

namespace IpcBench.Interop;

public static unsafe partial class Interop
{
    /// <summary>sched_yield(2) (cannot fail on Linux).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "sched_yield")]
    public static partial int SchedYield();
}

using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>getpid(2).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "getpid")]
    public static partial int GetPid();

    /// <summary>getppid(2): the parent's pid (1 or a subreaper's once the parent died).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "getppid")]
    public static partial int GetPPid();
}

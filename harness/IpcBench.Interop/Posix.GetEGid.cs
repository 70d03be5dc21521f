using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>getegid(2): the effective gid, which owns the objects this process creates.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "getegid")]
    public static partial uint GetEGid();
}

using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>umask(2): sets the process file-mode creation mask, returns the previous one (cannot fail).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "umask")]
    public static partial uint Umask(uint mask);
}

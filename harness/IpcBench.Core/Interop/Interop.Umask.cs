using System.Runtime.InteropServices;

namespace IpcBench.Interop;

public static unsafe partial class Interop
{
    /// <summary>umask(2): sets the process file-mode creation mask, returns the previous one (cannot fail).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "umask")]
    public static partial uint Umask(uint mask);
}

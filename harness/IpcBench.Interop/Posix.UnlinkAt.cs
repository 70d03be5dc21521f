using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>unlinkat flag: remove a directory (as rmdir).</summary>
    public const int AT_REMOVEDIR = 0x200;

    /// <summary>unlinkat(2): raw; removes the name itself (a link, never what it points to).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int UnlinkAtRaw(SafeFileDescriptor dirFd, string name, int flags);

    /// <summary>unlinkat(2); failure throws.</summary>
    public static void UnlinkAt(SafeFileDescriptor dirFd, string name, int flags)
    {
        int r;
        do r = UnlinkAtRaw(dirFd, name, flags); while (RetryOrThrow(r, "unlinkat", name));
    }
}

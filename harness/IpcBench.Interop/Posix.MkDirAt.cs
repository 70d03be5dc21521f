using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>mkdirat(2): raw (exclusive: EEXIST if the name exists, also as a dangling link; mode reduced by the umask).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MkDirAtRaw(SafeFileDescriptor dirFd, string name, uint mode);
}

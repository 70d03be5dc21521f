using System.Runtime.InteropServices;

namespace IpcBench.Interop;

public static unsafe partial class Interop
{
    /// <summary>mkdirat(2): raw (exclusive: EEXIST if the name exists, also as a dangling link; mode reduced by the umask).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MkDirAtRaw(SafeFileDescriptor dirFd, string name, uint mode);
}

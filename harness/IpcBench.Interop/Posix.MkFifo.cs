using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>mkfifo(3): raw (mode is reduced by the umask).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MkFifoRaw(string path, uint mode);

    /// <summary>mkfifoat(3): raw; <paramref name="name"/> relative to the directory <paramref name="dirFd"/> (mode reduced by the umask).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "mkfifoat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MkFifoAtRaw(SafeFileDescriptor dirFd, string name, uint mode);

    /// <summary>mkfifo(3) (exclusive: EEXIST if the name exists); failure throws.</summary>
    public static void MkFifo(string path, uint mode)
    {
        int r;
        do r = MkFifoRaw(path, mode); while (RetryOrThrow(r, "mkfifo", path));
    }
}

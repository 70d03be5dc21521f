using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_RDWR = 2;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_NOCTTY = 0x100;
    public const int O_TRUNC = 0x200;
    public const int O_APPEND = 0x400;
    public const int O_NONBLOCK = 0x800;
    public const int O_DIRECT = 0x4000;
    public const int O_DIRECTORY = 0x10000;
    public const int O_NOFOLLOW = 0x20000;
    public const int O_CLOEXEC = 0x80000;
    /// <summary>Linux: a descriptor that names the file without opening it (no read or write; a FIFO open does not wait).</summary>
    public const int O_PATH = 0x200000;

    /// <summary>open(2): raw (the mode passed as the variadic argument).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenRaw(string path, int flags, uint mode);

    /// <summary>open(2): owned fd; EINTR retried; failure throws (e.g. "open(/x): ENOENT (No such file or directory)").</summary>
    public static SafeFileDescriptor Open(string path, int flags, uint mode = 0)
    {
        int fd;
        do fd = OpenRaw(path, flags, mode); while (RetryOrThrow(fd, "open", path));
        return new SafeFileDescriptor(fd);
    }
}

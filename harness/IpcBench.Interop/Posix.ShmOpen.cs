using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>shm_open(3): raw. Lives in libc.so.6 (glibc &gt;= 2.34) or librt.so.1 (<see cref="Libraries.Rt"/>).</summary>
    [LibraryImport(Libraries.Rt, EntryPoint = "shm_open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ShmOpenRaw(string name, int flags, uint mode);

    /// <summary>shm_open(3): owned fd; failure throws (e.g. "shm_open(/x): EEXIST (File exists)").</summary>
    public static SafeFileDescriptor ShmOpen(string name, int flags, uint mode = 0)
    {
        int fd;
        do fd = ShmOpenRaw(name, flags, mode); while (RetryOrThrow(fd, "shm_open", name));
        return new SafeFileDescriptor(fd);
    }
}

using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>fdopendir(3): raw; the DIR takes ownership of <paramref name="fd"/> (closed by closedir).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "fdopendir", SetLastError = true)]
    public static partial nint FdOpenDirRaw(int fd);

    /// <summary>readdir(3): raw; null at the end (errno unchanged) or on error (errno set).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "readdir", SetLastError = true)]
    public static partial byte* ReadDirRaw(nint dir);

    /// <summary>closedir(3): raw.</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "closedir", SetLastError = true)]
    public static partial int CloseDirRaw(nint dir);

    /// <summary>Offset of d_name in glibc's x86-64 <c>struct dirent</c> (d_ino 8, d_off 8, d_reclen 2, d_type 1).</summary>
    const int DirentNameOffset = 19;

    /// <summary>
    /// The names in the open directory <paramref name="dirFd"/> ("." and ".." left out), read through a
    /// fresh descriptor of the same directory (openat "."), so nothing is looked up by path.
    /// </summary>
    public static List<string> ReadDirectory(SafeFileDescriptor dirFd)
    {
        var dup = OpenAt(dirFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        nint dir = FdOpenDirRaw(dup.Fd);
        if (dir == 0)
        {
            int errno = LastErrno;
            dup.Dispose();
            throw Error("fdopendir", dirFd.ToString(), errno);
        }
        dup.SetHandleAsInvalid(); // closedir closes it
        var names = new List<string>();
        try
        {
            while (true)
            {
                Marshal.SetLastPInvokeError(0);
                byte* e = ReadDirRaw(dir);
                if (e == null)
                {
                    if (LastErrno != 0)
                        throw Error("readdir", dirFd.ToString(), LastErrno);
                    break;
                }
                var name = Marshal.PtrToStringUTF8((nint)(e + DirentNameOffset));
                if (name is not null and not "." and not "..")
                    names.Add(name);
            }
        }
        finally
        {
            CloseDirRaw(dir);
        }
        return names;
    }
}

using System.Runtime.InteropServices;

namespace IpcBench.Interop;

internal static unsafe partial class Posix
{
    /// <summary>Flag of fstatat/unlinkat-style calls: do not follow a final symbolic link.</summary>
    public const int AT_SYMLINK_NOFOLLOW = 0x100;

    /// <summary>fstatat(2): raw; <c>int fstatat(int dirfd, const char *name, struct stat *st, int flags)</c> (exported by glibc since 2.33).</summary>
    [LibraryImport(Libraries.Libc, EntryPoint = "fstatat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FStatAtRaw(SafeFileDescriptor dirFd, string name, Stat* st, int flags);

    /// <summary>
    /// lstat of <paramref name="name"/> in the directory <paramref name="dirFd"/> (never follows a link):
    /// null when the name does not exist; any other failure throws.
    /// </summary>
    public static Stat? LStatAt(SafeFileDescriptor dirFd, string name)
    {
        Stat st;
        int r;
        while ((r = FStatAtRaw(dirFd, name, &st, AT_SYMLINK_NOFOLLOW)) == -1)
        {
            int errno = LastErrno;
            if (errno == Errno.ENOENT)
                return null;
            if (errno != Errno.EINTR)
                throw Error("fstatat", name, errno);
        }
        return st;
    }
}

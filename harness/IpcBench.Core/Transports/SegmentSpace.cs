using System.Globalization;
using IpcBench.Interop;
using static IpcBench.Interop.Posix;

namespace IpcBench.Transports;

/// <summary>
/// Reserves the pages of a shared segment (shm object or mapped file) when it is made, so a file
/// system too small for it (a tiny /dev/shm, a full disk) is ENOSPC there, with a sentence,
/// instead of SIGBUS in whichever process first touches a page that has no backing.
/// </summary>
public static class SegmentSpace
{
    /// <summary>Reserves <paramref name="size"/> bytes of <paramref name="fd"/>, which lives in <paramref name="folder"/> (/dev/shm for shm objects).</summary>
    internal static void Reserve(SafeFileDescriptor fd, long size, string folder)
    {
        int r;
        do r = FAllocateRaw(fd, 0, 0, size); while (r == -1 && LastErrno == Errno.EINTR);
        if (r == 0) return;
        int errno = LastErrno;
        if (errno is Errno.EOPNOTSUPP or Errno.ENOSYS)
            return; // a file system without fallocate: nothing to reserve with, ftruncate's size stands
        if (errno is Errno.ENOSPC or Errno.EDQUOT or Errno.EFBIG)
            throw new SegmentSpaceException(size, folder, errno);
        throw Error("fallocate", fd.ToString(), errno);
    }

    /// <summary>Free bytes in <paramref name="folder"/> (statvfs), or null when unknown.</summary>
    public static long? Free(string folder)
    {
        try
        {
            return new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}

/// <summary>A segment the file system cannot hold: a limit of this machine, said with the figures.</summary>
public sealed class SegmentSpaceException(long size, string folder, int errno) : IOException(Describe(size, folder, errno))
{
    static string Describe(long size, string folder, int errno)
    {
        string free = SegmentSpace.Free(folder) is long f ? $"free {f.ToString(CultureInfo.InvariantCulture)} bytes" : "free space unknown";
        string how = folder == "/dev/shm" ? "make room or enlarge it: mount -o remount,size=1G /dev/shm" : "make room there";
        return $"the segment of {size.ToString(CultureInfo.InvariantCulture)} bytes does not fit in {folder} ({free}; {Errno.Name(errno)}); {how}";
    }
}

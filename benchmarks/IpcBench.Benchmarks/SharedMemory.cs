using IpcBench.Interop;
using static IpcBench.Interop.Posix;

namespace IpcBench.Benchmarks;

/// <summary>POSIX shared memory for the in-process benchmarks: made, mapped or kept open, and unlinked at once.</summary>
internal static class SharedMemory
{
    /// <summary>
    /// A shared-memory object of <paramref name="size"/> bytes (at least one page), open read-write; its name is
    /// already removed, so nothing is left behind whatever happens to the process.
    /// </summary>
    public static SafeFileDescriptor CreateUnlinked(long size, string what)
    {
        string name = "/" + ScratchNames.Unique(what);
        var fd = ShmOpen(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0x180); // 0600
        try
        {
            ShmUnlink(name);
            FTruncate(fd, Math.Max(size, Environment.SystemPageSize));
            return fd;
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>A MAP_SHARED mapping of a fresh unlinked segment of <paramref name="size"/> bytes (the fd is closed).</summary>
    public static MappedRegion MapSegment(int size)
    {
        using var fd = CreateUnlinked(size, "segment");
        return MMap((nuint)size, PROT_READ | PROT_WRITE, MAP_SHARED, fd);
    }
}

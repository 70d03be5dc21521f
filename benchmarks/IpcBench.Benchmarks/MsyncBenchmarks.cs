using BenchmarkDotNet.Attributes;
using IpcBench.Interop;
using static IpcBench.Interop.Posix;

namespace IpcBench.Benchmarks;

/// <summary>Where the msync'ed file lives.</summary>
public enum FileBacking
{
    /// <summary>A POSIX shared-memory object: tmpfs, nothing to write back.</summary>
    Tmpfs,

    /// <summary>
    /// A regular file on a disk file system: IPCBENCH_DISK_DIR, else /var/tmp, else the benchmark's own folder
    /// (the first that is not tmpfs); the file system is printed when the benchmark starts.
    /// </summary>
    Disk,
}

/// <summary>
/// Dirty one page of a <c>MAP_SHARED</c> file mapping and <c>msync(MS_SYNC)</c> it: free on tmpfs, a write-back and
/// a device flush on a disk, which is what a mapped file as a transport would pay for durability.
/// </summary>
[MemoryDiagnoser]
[IterationTime(BenchConfig.IterationTimeMs)]
[EvaluateOverhead(false)] // operations of ~0.3 us and more: the ~3 ns call overhead is noise, and evaluating it is most of a case's time
public unsafe class MsyncBenchmarks
{
    [Params(FileBacking.Tmpfs, FileBacking.Disk)]
    public FileBacking Backing { get; set; }

    private MappedRegion _map = null!;
    private nuint _page;

    [GlobalSetup]
    public void Setup()
    {
        _page = (nuint)Environment.SystemPageSize;
        using SafeFileDescriptor fd = Backing == FileBacking.Tmpfs ? SharedMemory.CreateUnlinked((long)_page, "msync") : CreateDiskFile();
        _map = MMap(_page, PROT_READ | PROT_WRITE, MAP_SHARED, fd);
    }

    [GlobalCleanup]
    public void Cleanup() => _map?.Dispose();

    [Benchmark]
    public void DirtyAndMsync()
    {
        _map.Pointer[0]++;
        if (MSyncRaw(_map.Pointer, _page, MS_SYNC) != 0)
            throw new PosixException("msync", null, LastErrno);
    }

    // Unlinked once open: msync still writes an unlinked file's pages back (its blocks live until the last
    // reference goes), and a killed run leaves nothing on the disk.
    private SafeFileDescriptor CreateDiskFile()
    {
        string dir = DiskDirectory(out string fsType);
        Console.WriteLine($"// MsyncBenchmarks: disk file in {dir} ({fsType})");
        string path = Path.Combine(dir, ScratchNames.Unique("msync"));
        var fd = Open(path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0x180); // 0600
        try
        {
            Unlink(path);
            FTruncate(fd, (long)_page);
            return fd;
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    private static string DiskDirectory(out string fsType)
    {
        string[] candidates = [Environment.GetEnvironmentVariable("IPCBENCH_DISK_DIR") ?? "", "/var/tmp", AppContext.BaseDirectory];
        foreach (string dir in candidates)
        {
            if (dir.Length == 0 || !Directory.Exists(dir))
                continue;
            fsType = FileSystems.TypeOf(dir);
            if (fsType is not ("tmpfs" or "ramfs"))
                return dir;
        }
        throw new InvalidOperationException("msync: no disk-backed directory found (/var/tmp and the benchmark folder are tmpfs); set IPCBENCH_DISK_DIR");
    }
}

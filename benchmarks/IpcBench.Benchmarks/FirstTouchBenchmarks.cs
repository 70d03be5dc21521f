using BenchmarkDotNet.Attributes;
using IpcBench.Interop;
using static IpcBench.Interop.Posix;

namespace IpcBench.Benchmarks;

/// <summary>Where the pages of a first-touch mapping come from.</summary>
public enum PageSource
{
    /// <summary>A POSIX shared-memory object whose pages already exist (tmpfs page cache): a fault only maps them.</summary>
    Shm,

    /// <summary>Anonymous private memory: every fault allocates and zeroes a page.</summary>
    Anonymous,
}

/// <summary>
/// Map, write one byte to every page, unmap: the page faults a peer takes on the first pass over a fresh mapping,
/// with and without <c>MAP_POPULATE</c> (which faults everything in inside the <c>mmap</c> call instead).
/// </summary>
[MemoryDiagnoser]
[IterationTime(BenchConfig.IterationTimeMs)]
[EvaluateOverhead(false)] // operations of ~0.3 us and more: the ~3 ns call overhead is noise, and evaluating it is most of a case's time
public unsafe class FirstTouchBenchmarks
{
    /// <summary>1024 pages: divide by 1024 for the cost per page.</summary>
    [Params(4 * 1024 * 1024)]
    public int Size { get; set; }

    [Params(false, true)]
    public bool Populate { get; set; }

    [Params(PageSource.Shm, PageSource.Anonymous)]
    public PageSource Source { get; set; }

    private SafeFileDescriptor? _segment;
    private int _page;

    [GlobalSetup]
    public void Setup()
    {
        _page = Environment.SystemPageSize;
        if (Source == PageSource.Shm)
        {
            _segment = SharedMemory.CreateUnlinked(Size, "touch");
            using var all = MMap((nuint)Size, PROT_READ | PROT_WRITE, MAP_SHARED, _segment);
            all.Span.Clear(); // allocate the object's pages once: each operation measures mapping them, not making them
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _segment?.Dispose();

    [Benchmark]
    public void MapTouchUnmap()
    {
        int flags = (Source == PageSource.Shm ? MAP_SHARED : MAP_PRIVATE | MAP_ANONYMOUS) | (Populate ? MAP_POPULATE : 0);
        int fd = _segment is null ? -1 : _segment.Fd;
        byte* p = (byte*)MMapRaw(null, (nuint)Size, PROT_READ | PROT_WRITE, flags, fd, 0);
        if (p == MAP_FAILED)
            throw new PosixException("mmap", null, LastErrno);
        for (int off = 0; off < Size; off += _page)
            p[off] = 1;
        if (MUnmapRaw(p, (nuint)Size) != 0)
            throw new PosixException("munmap", null, LastErrno);
    }
}

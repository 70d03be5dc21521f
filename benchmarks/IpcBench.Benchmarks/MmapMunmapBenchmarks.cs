using BenchmarkDotNet.Attributes;
using IpcBench.Interop;
using static IpcBench.Interop.Posix;

namespace IpcBench.Benchmarks;

/// <summary>
/// <c>mmap(MAP_SHARED)</c> of a POSIX shared-memory object and its <c>munmap</c>, nothing touched: the fixed price of
/// attaching a segment, which the kernel pays in page-table work only once pages are touched
/// (<see cref="FirstTouchBenchmarks"/>).
/// </summary>
[MemoryDiagnoser]
[IterationTime(BenchConfig.IterationTimeMs)]
[EvaluateOverhead(false)] // operations of ~0.3 us and more: the ~3 ns call overhead is noise, and evaluating it is most of a case's time
public unsafe class MmapMunmapBenchmarks
{
    [Params(4 * 1024, 1024 * 1024, 16 * 1024 * 1024)]
    public int Size { get; set; }

    private SafeFileDescriptor _segment = null!;

    [GlobalSetup]
    public void Setup() => _segment = SharedMemory.CreateUnlinked(Size, "mmap");

    [GlobalCleanup]
    public void Cleanup() => _segment?.Dispose();

    // The raw calls: MappedRegion (the project's owner of a mapping) is one object per mapping, set-up cost by design.
    [Benchmark]
    public void MmapMunmap()
    {
        void* p = MMapRaw(null, (nuint)Size, PROT_READ | PROT_WRITE, MAP_SHARED, _segment.Fd, 0);
        if (p == MAP_FAILED)
            throw new PosixException("mmap", _segment.ToString(), LastErrno);
        if (MUnmapRaw(p, (nuint)Size) != 0)
            throw new PosixException("munmap", null, LastErrno);
    }
}

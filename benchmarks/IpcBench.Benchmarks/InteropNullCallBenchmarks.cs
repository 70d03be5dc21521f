using BenchmarkDotNet.Attributes;
using Mono.Unix.Native;
using static IpcBench.Interop.Posix;

namespace IpcBench.Benchmarks;

/// <summary>
/// A null system call, <c>getppid(2)</c>, through each interop style: what crossing into the kernel costs before any
/// work. The .NET base library has no getppid (and <c>Environment.ProcessId</c> is cached, no system call), so it
/// appears only in <see cref="InteropPipeBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
[IterationTime(BenchConfig.IterationTimeMs)]
public class InteropNullCallBenchmarks
{
    [GlobalSetup]
    public unsafe void Setup()
    {
        // Resolve everything outside the measurement, and check every style calls the same thing.
        int expected = GetPPid();
        if (ClassicLibc.GetPPid() != expected || LibcFunctionPointers.GetPPid() != expected || Syscall.getppid() != expected)
            throw new InvalidOperationException("the interop styles disagree on getppid()");
    }

    /// <summary>The project's <c>[LibraryImport]</c> binding (Posix.GetPid.cs).</summary>
    [Benchmark(Baseline = true)]
    public int LibraryImport() => GetPPid();

    [Benchmark]
    public int DllImport() => ClassicLibc.GetPPid();

    [Benchmark]
    public unsafe int FunctionPointer() => LibcFunctionPointers.GetPPid();

    /// <summary>Mono.Posix.NETStandard's <c>Syscall.getppid</c>.</summary>
    [Benchmark]
    public int MonoPosix() => Syscall.getppid();
}

using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using IpcBench.Interop;
using static IpcBench.Interop.Posix;

namespace IpcBench.Benchmarks;

/// <summary>
/// What moving N bytes costs through each mechanism with no second process: <see cref="Span{T}.CopyTo"/> into and
/// out of an <c>mmap</c>'d POSIX shared-memory segment, a pipe <c>write</c>+<c>read</c>, a Unix socket
/// <c>send</c>+<c>recv</c>, against the in-process copy between two private buffers (<see cref="Memcpy"/>, the
/// baseline of each size). The kernel paths copy twice (in, out) plus system calls; the shared segment once.
/// POSIX message queues are in <see cref="MqCopyCostBenchmarks"/> (their size limit differs).
/// </summary>
[MemoryDiagnoser]
[IterationTime(BenchConfig.IterationTimeMs)]
[Config(typeof(CopyColumns.Config))]
public unsafe class CopyCostBenchmarks
{
    public static readonly int[] AllSizes = [64, 1024, 4096, 64 * 1024, 1024 * 1024];

    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    public static IEnumerable<int> Sizes => AllSizes;

    private byte* _src, _dst;
    private MappedRegion _shm = null!;
    private SafeFileDescriptor _pipeRead = null!, _pipeWrite = null!, _sockA = null!, _sockB = null!;

    [GlobalSetup]
    public void Setup()
    {
        _src = (byte*)NativeMemory.AlignedAlloc((nuint)Size, 64);
        _dst = (byte*)NativeMemory.AlignedAlloc((nuint)Size, 64);
        new Span<byte>(_src, Size).Fill(0xA5);
        new Span<byte>(_dst, Size).Clear();
        _shm = SharedMemory.MapSegment(Size);
        _shm.Span.Clear(); // fault the pages in: the steady state, not the first touch (see FirstTouchBenchmarks)

        Pipe2(O_CLOEXEC, out _pipeRead, out _pipeWrite);
        // A pipe buffer as large as the largest size makes each operation one write and one read; where the limit
        // (fs.pipe-max-size) forbids it, the non-blocking writer moves what fits and the loop goes round.
        FcntlRaw(_pipeWrite, F_SETPIPE_SZ, 1024 * 1024);
        SetNonBlocking(_pipeWrite, true);

        SocketPair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, out _sockA, out _sockB);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _shm?.Dispose();
        _pipeRead?.Dispose();
        _pipeWrite?.Dispose();
        _sockA?.Dispose();
        _sockB?.Dispose();
        NativeMemory.AlignedFree(_src);
        NativeMemory.AlignedFree(_dst);
        _src = _dst = null;
    }

    /// <summary>The in-process copy between two private buffers: the unit of the "x memcpy" column.</summary>
    [Benchmark(Baseline = true)]
    public void Memcpy() => new ReadOnlySpan<byte>(_src, Size).CopyTo(new Span<byte>(_dst, Size));

    /// <summary>Into the shared segment: what a sender pays to put a message where the receiver can see it.</summary>
    [Benchmark]
    public void ShmCopyIn() => new ReadOnlySpan<byte>(_src, Size).CopyTo(new Span<byte>(_shm.Pointer, Size));

    /// <summary>Out of the shared segment: what a receiver pays to take a private copy.</summary>
    [Benchmark]
    public void ShmCopyOut() => new ReadOnlySpan<byte>(_shm.Pointer, Size).CopyTo(new Span<byte>(_dst, Size));

    [Benchmark]
    public void Pipe()
    {
        for (int done = 0; done < Size;)
        {
            nint w = WriteRaw(_pipeWrite, _src + done, (nuint)(Size - done));
            if (w <= 0)
                throw Failed("write", w);
            ReadExactly(_pipeRead, _dst + done, (int)w, socket: false);
            done += (int)w;
        }
    }

    [Benchmark]
    public void UnixSocket()
    {
        for (int done = 0; done < Size;)
        {
            // MSG_DONTWAIT: past the socket buffer the send is partial instead of blocking this one thread.
            nint w = SendRaw(_sockA, _src + done, (nuint)(Size - done), MSG_DONTWAIT);
            if (w <= 0)
                throw Failed("send", w);
            ReadExactly(_sockB, _dst + done, (int)w, socket: true);
            done += (int)w;
        }
    }

    private static void ReadExactly(SafeFileDescriptor fd, byte* p, int n, bool socket)
    {
        while (n > 0)
        {
            nint r = socket ? RecvRaw(fd, p, (nuint)n, 0) : ReadRaw(fd, p, (nuint)n);
            if (r <= 0)
                throw Failed(socket ? "recv" : "read", r);
            p += r;
            n -= (int)r;
        }
    }

    // Called right after the failed call, before anything else can overwrite errno.
    private static Exception Failed(string call, nint result)
        => result == 0 ? new InvalidOperationException($"{call}: no progress (returned 0)") : new PosixException(call, null, LastErrno);
}

using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using IpcBench.Interop;
using IpcBench.Transports;
using static IpcBench.Interop.Posix;

namespace IpcBench.Benchmarks;

/// <summary>
/// An <c>mq_send</c> + <c>mq_receive</c> of one N-byte message on a POSIX message queue in one process, against the
/// in-process copy of the same size. A size above this machine's queue limits is not run: it is named on standard
/// error with the limit and how to raise it (the harness's <see cref="MqLimits"/> rule), never silently shrunk.
/// </summary>
[MemoryDiagnoser]
[IterationTime(BenchConfig.IterationTimeMs)]
[Config(typeof(CopyColumns.Config))]
public unsafe class MqCopyCostBenchmarks
{
    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    /// <summary>The sizes of <see cref="CopyCostBenchmarks"/> that a queue can carry here.</summary>
    public static IEnumerable<int> Sizes
    {
        get
        {
            var limits = MqLimits.Read();
            foreach (int size in CopyCostBenchmarks.AllSizes)
            {
                if (limits.SkipReason(size) is { } why)
                    Console.Error.WriteLine($"// MqCopyCostBenchmarks: Size={size} skipped: {why}");
                else
                    yield return size;
            }
        }
    }

    private byte* _src, _dst;
    private SafeMqDescriptor _queue = null!;

    [GlobalSetup]
    public void Setup()
    {
        _src = (byte*)NativeMemory.AlignedAlloc((nuint)Size, 64);
        _dst = (byte*)NativeMemory.AlignedAlloc((nuint)Size, 64);
        new Span<byte>(_src, Size).Fill(0xA5);
        new Span<byte>(_dst, Size).Clear();
        string name = "/" + ScratchNames.Unique("mq");
        var attr = new MqAttr { MaxMsg = 1, MsgSize = Size };
        _queue = MqOpen(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0x180, attr); // 0600
        MqUnlink(name); // the descriptor keeps the queue; nothing of it has a name any more
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _queue?.Dispose();
        NativeMemory.AlignedFree(_src);
        NativeMemory.AlignedFree(_dst);
        _src = _dst = null;
    }

    [Benchmark(Baseline = true)]
    public void Memcpy() => new ReadOnlySpan<byte>(_src, Size).CopyTo(new Span<byte>(_dst, Size));

    /// <summary>
    /// mq_send + mq_receive: glibc's mq_send is mq_timedsend without a deadline, which is the call made here; the
    /// queue holds one message, so neither call ever waits.
    /// </summary>
    [Benchmark]
    public void MessageQueue()
    {
        if (MqTimedSendRaw(_queue, _src, (nuint)Size, 0, null) != 0)
            throw new PosixException("mq_timedsend", null, LastErrno);
        nint n = MqTimedReceiveRaw(_queue, _dst, (nuint)Size, null, null);
        if (n != Size)
            throw n < 0 ? new PosixException("mq_timedreceive", null, LastErrno) : new InvalidOperationException($"mq: received {n} of {Size} bytes");
    }
}

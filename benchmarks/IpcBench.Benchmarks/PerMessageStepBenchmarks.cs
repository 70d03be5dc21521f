using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using IpcBench.Orchestration;
using IpcBench.Protocol;
using IpcBench.Transports;

namespace IpcBench.Benchmarks;

/// <summary>
/// The managed peer's per-message steps, one by one, beside the same steps of the C peer (`ipcpeer --bench-steps SIZE`,
/// shown in the "native ns" and "managed/native" columns): build (header + fill), verify (every word), publish and
/// consume one ring slot (the shm ring's BeginSend/Commit/BeginReceive/Release, both ends in this thread, no futex
/// wake), and take a timestamp and record a sample as the latency client does. Where a ratio is above 1, that step is
/// where the managed peer loses time.
/// </summary>
[IterationTime(BenchConfig.IterationTimeMs)]
[Config(typeof(NativeStepColumns.Config))]
public unsafe class PerMessageStepBenchmarks
{
    [Params(64, 4096, 65536)]
    public int Size { get; set; }

    private const int SampleRing = 4096;
    private byte* _message, _received;
    private long[] _samples = [];
    private long _t0;
    private ulong _seq;
    private RunDirectory? _dir;
    private ITransportSetup? _setup;
    private RingTransport? _producer, _consumer;

    [GlobalSetup]
    public void Setup()
    {
        _message = (byte*)NativeMemory.AlignedAlloc((nuint)Size, 64);
        _received = (byte*)NativeMemory.AlignedAlloc((nuint)Size, 64);
        Message.Build(Span, 0);
        Message.Build(new Span<byte>(_received, Size), 1000);
        _samples = new long[SampleRing];
        _dir = new RunDirectory();
        _setup = TransportSetups.Create(new TransportCellSpec(TransportKind.Shm, Size, WaitStrategy.Spin, _dir.Path, _dir.NamePrefix + "-steps"));
        string name = _setup.ServerArgs[_setup.ServerArgs.ToList().IndexOf(PeerOptionNames.Name) + 1];
        const int slots = 4;
        _consumer = RingTransport.Open(TransportKind.Shm, name, server: true, Size, slots, WaitStrategy.Spin, false, 1000);
        _producer = RingTransport.Open(TransportKind.Shm, name, server: false, Size, slots, WaitStrategy.Spin, false, 1000);
        _setup.UnlinkNames();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _producer?.Dispose();
        _consumer?.Dispose();
        _setup?.Dispose();
        _dir?.Dispose();
        NativeMemory.AlignedFree(_message);
        NativeMemory.AlignedFree(_received);
        _message = _received = null;
    }

    private Span<byte> Span => new(_message, Size);

    /// <summary>Header and fill of one message (Message.Build).</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Fill() => Message.Build(Span, _seq++);

    /// <summary>Every word of one message checked (Message.Verify).</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Verify() => Message.Verify(new ReadOnlySpan<byte>(_received, Size), 1000);

    /// <summary>One slot published and consumed: turn words only, the message untouched.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PublishConsume()
    {
        _producer!.BeginSend();
        _producer.Commit();
        _consumer!.BeginReceive();
        _consumer.Release();
    }

    /// <summary>One clock read and one sample stored, as the latency client does per round trip.</summary>
    [Benchmark]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void TimestampRecord()
    {
        long t1 = Stopwatch.GetTimestamp();
        _samples[(int)(_seq++ & (SampleRing - 1))] = t1 - _t0;
        _t0 = t1;
    }

    /// <summary>The C peer's step of the same name in `ipcpeer --bench-steps` output.</summary>
    public static string NativeStep(string method) => method switch
    {
        nameof(Fill) => "fill",
        nameof(Verify) => "verify",
        nameof(PublishConsume) => "publish_consume",
        nameof(TimestampRecord) => "timestamp_record",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "no native step"),
    };
}

using BenchmarkDotNet.Attributes;
using IpcBench.Results;
using IpcBench.Transports;

namespace IpcBench.Benchmarks;

/// <summary>
/// A 64-byte round trip to a server process over each transport, this process being the client through the
/// harness's own managed transports (<see cref="CrossProcessSession"/>). Batches of
/// <see cref="RoundTripsPerInvoke"/> round trips per invocation; the result is per round trip. The steady state of
/// every transport's send and receive path must show no allocation.
/// </summary>
[MemoryDiagnoser]
[IterationTime(BenchConfig.IterationTimeMs)]
[EvaluateOverhead(false)] // operations of ~0.3 us and more: the ~3 ns call overhead is noise, and evaluating it is most of a case's time
public class CrossProcessRoundTripBenchmarks
{
    public const int RoundTripsPerInvoke = 1000;
    public const int MessageSize = 64;

    /// <summary>"transport" or "transport/wait" (rings), as the CLI names cells.</summary>
    [ParamsSource(nameof(Transports))]
    public string Transport { get; set; } = "pipe";

    /// <summary>The server peer: "native" (x86-64 ipcpeer) or "managed" (ipcbench __peer).</summary>
    [Params("native", "managed")]
    public string Server { get; set; } = "native";

    public static IEnumerable<string> Transports =>
        ["pipe", "fifo", "mq", "uds", "shm/spin", "shm/futex", "mmap-file/spin", "mmap-file/futex", "cacheline"];

    private CrossProcessSession? _session;

    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Transport.Split('/');
        var kind = TransportKinds.Parse(parts[0]);
        var wait = parts.Length > 1 ? TransportKinds.ParseWait(parts[1]) : kind.HasRing() ? WaitStrategy.Spin : WaitStrategy.None;
        var peer = Server == "managed" ? PeerInfo.Managed : PeerInfo.Native();
        _session = CrossProcessSession.Start(kind, wait, peer, MessageSize);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _session?.Dispose();
        _session = null;
    }

    [Benchmark(OperationsPerInvoke = RoundTripsPerInvoke)]
    public void RoundTrip() => _session!.RoundTrips(RoundTripsPerInvoke);
}

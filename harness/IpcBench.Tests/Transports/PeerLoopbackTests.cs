using IpcBench.Orchestration;
using System.Runtime.Versioning;
using IpcBench.Protocol;
using IpcBench.Transports;
using static IpcBench.Interop.Posix;

namespace IpcBench.Tests.Transports;

/// <summary>
/// Two peer processes per cell, driven through HELLO / OPEN / OPENED / RUN / DONE with the harness-side setup:
/// managed-managed for every transport, and managed-native both ways when the native peer is built.
/// Small counts; nothing about timings is asserted. Nothing may be left behind.
/// </summary>
[SupportedOSPlatform("linux")]
[NonParallelizable]
public class PeerLoopbackTests
{
    private string _dir = null!;

    internal static string ManagedDll => Path.Combine(AppContext.BaseDirectory, "ipcbench.dll");
    internal static string NativePeer => Path.Combine(AppContext.BaseDirectory, "native", "x86_64", "ipcpeer");
    internal static PeerLaunch Managed => PeerLocator.Locate(IpcBench.Results.PeerInfo.Managed);

    /// <summary>The native peer, or Ignore when it is not built.</summary>
    internal static PeerLaunch Native()
    {
        if (!File.Exists(NativePeer))
            Assert.Ignore("native peer not built: " + NativePeer);
        return new PeerLaunch(NativePeer, []);
    }

    [SetUp]
    public void SetUp() => _dir = MkDTemp("/tmp/ipcbench-test-XXXXXX");

    [TearDown]
    public void TearDown()
    {
        Directory.EnumerateFileSystemEntries(_dir).Should().BeEmpty("every name of the cell is removed");
        Directory.Delete(_dir, recursive: true);
    }

    private static void NothingLeft(LoopbackResult r)
    {
        Directory.GetFiles("/dev/shm", r.Prefix + "*").Should().BeEmpty();
        foreach (var q in new[] { "/" + r.Prefix + "-c2s", "/" + r.Prefix + "-s2c" })
        {
            MqOpenRaw(q, O_RDONLY).Should().Be(-1);
            LastErrno.Should().Be(IpcBench.Interop.Posix.Errno.ENOENT);
        }
        if (Directory.Exists("/dev/mqueue"))
            Directory.GetFiles("/dev/mqueue", r.Prefix + "*").Should().BeEmpty();
    }

    private static readonly object[] Cells =
    [
        new object[] { TransportKind.Pipe, WaitStrategy.None },
        new object[] { TransportKind.Fifo, WaitStrategy.None },
        new object[] { TransportKind.Mq, WaitStrategy.None },
        new object[] { TransportKind.Uds, WaitStrategy.None },
        new object[] { TransportKind.Shm, WaitStrategy.Spin },
        new object[] { TransportKind.Shm, WaitStrategy.Futex },
        new object[] { TransportKind.MmapFile, WaitStrategy.Spin },
        new object[] { TransportKind.MmapFile, WaitStrategy.Futex },
    ];

    private static void CheckLatency(LoopbackResult r, string serverImpl, string clientImpl, long count)
    {
        r.ServerHello.Should().MatchRegex($"^HELLO {ControlProtocol.ProtocolTag} impl={serverImpl} abi=x86_64 pid=[0-9]+$");
        r.ClientHello.Should().MatchRegex($"^HELLO {ControlProtocol.ProtocolTag} impl={clientImpl} abi=x86_64 pid=[0-9]+$");
        foreach (var d in new[] { r.Server, r.Client })
        {
            ControlProtocol.GetLong(d, "messages").Should().Be(count);
            ControlProtocol.GetLong(d, "bytes").Should().Be(0);
            ControlProtocol.GetLong(d, "elapsed_ns").Should().BePositive();
            foreach (var k in new[] { "utime_ns", "stime_ns", "nvcsw", "nivcsw" })
                ControlProtocol.GetLong(d, k).Should().BeGreaterThanOrEqualTo(0, k);
        }
        ControlProtocol.GetLong(r.Client, "samples").Should().Be(count);
        ControlProtocol.GetLong(r.Server, "samples").Should().BeNull();
        r.Samples.Should().HaveCount((int)count).And.OnlyContain(s => s > 0);
        r.Samples!.Sum().Should().BeLessThanOrEqualTo(ControlProtocol.GetLong(r.Client, "elapsed_ns")!.Value);
        NothingLeft(r);
    }

    private static void CheckThroughput(LoopbackResult r, long count, int size)
    {
        ControlProtocol.GetLong(r.Server, "messages").Should().Be(count);
        ControlProtocol.GetLong(r.Client, "messages").Should().Be(count);
        ControlProtocol.GetLong(r.Server, "bytes").Should().Be(count * size);
        ControlProtocol.GetLong(r.Client, "bytes").Should().Be(0);
        ControlProtocol.GetLong(r.Server, "elapsed_ns").Should().BePositive();
        ControlProtocol.GetLong(r.Client, "samples").Should().BeNull();
        NothingLeft(r);
    }

    [TestCaseSource(nameof(Cells))]
    public void Managed_managed_latency(TransportKind kind, WaitStrategy wait)
        => CheckLatency(PeerLoopback.Run(kind, 100, PeerWorkload.Latency, 300, 30, Managed, Managed, _dir, wait), "managed", "managed", 300);

    [TestCaseSource(nameof(Cells))]
    public void Managed_managed_throughput(TransportKind kind, WaitStrategy wait)
        => CheckThroughput(PeerLoopback.Run(kind, 1000, PeerWorkload.Throughput, 500, 10, Managed, Managed, _dir, wait), 500, 1000);

    [Test]
    public void Managed_managed_cacheline()
        => CheckLatency(PeerLoopback.Run(TransportKind.Cacheline, 64, PeerWorkload.Latency, 500, 50, Managed, Managed, _dir), "managed", "managed", 500);

    [Test]
    public void Large_messages_over_streams_and_rings()
    {
        foreach (var k in new[] { TransportKind.Pipe, TransportKind.Uds, TransportKind.Shm })
            CheckThroughput(PeerLoopback.Run(k, 200_000, PeerWorkload.Throughput, 20, 2, Managed, Managed, _dir), 20, 200_000);
    }

    [TestCase(TransportKind.Pipe)]
    [TestCase(TransportKind.Shm)]
    public void Throughput_server_reports_rep_ns_blocks(TransportKind kind)
    {
        var r = PeerLoopback.Run(kind, 64, PeerWorkload.Throughput, 1003, 3, Managed, Managed, _dir, extraArgs: ["--reps", "4"]);
        CheckThroughput(r, 1003, 64);
        long[] reps = r.Server["rep_ns"].Split(',').Select(long.Parse).ToArray();
        reps.Should().HaveCount(4).And.OnlyContain(x => x > 0);
        reps.Sum().Should().BeLessThanOrEqualTo(ControlProtocol.GetLong(r.Server, "elapsed_ns")!.Value);
        r.Client.Should().NotContainKey("rep_ns");
        var single = PeerLoopback.Run(kind, 64, PeerWorkload.Throughput, 100, 3, Managed, Managed, _dir);
        single.Server.Should().NotContainKey("rep_ns");
    }

    [TestCaseSource(nameof(Cells))]
    public void Managed_server_native_client(TransportKind kind, WaitStrategy wait)
    {
        var native = Native();
        CheckLatency(PeerLoopback.Run(kind, 100, PeerWorkload.Latency, 200, 20, Managed, native, _dir, wait), "managed", "native", 200);
        CheckThroughput(PeerLoopback.Run(kind, 333, PeerWorkload.Throughput, 300, 5, Managed, native, _dir, wait), 300, 333);
    }

    [TestCaseSource(nameof(Cells))]
    public void Native_server_managed_client(TransportKind kind, WaitStrategy wait)
    {
        var native = Native();
        CheckLatency(PeerLoopback.Run(kind, 17, PeerWorkload.Latency, 200, 20, native, Managed, _dir, wait), "native", "managed", 200);
        CheckThroughput(PeerLoopback.Run(kind, 4096, PeerWorkload.Throughput, 300, 5, native, Managed, _dir, wait), 300, 4096);
    }

    [Test]
    public void Native_and_managed_servers_report_the_same_rep_ns_shape()
    {
        var native = Native();
        foreach (var (server, client) in new[] { (native, Managed), (Managed, native) })
        {
            var r = PeerLoopback.Run(TransportKind.Mq, 64, PeerWorkload.Throughput, 50, 3, server, client, _dir, extraArgs: ["--reps", "7"]);
            r.Server["rep_ns"].Split(',').Should().HaveCount(7);
        }
    }

    [Test]
    public void Cacheline_managed_native_both_ways()
    {
        var native = Native();
        CheckLatency(PeerLoopback.Run(TransportKind.Cacheline, 64, PeerWorkload.Latency, 300, 30, Managed, native, _dir), "managed", "native", 300);
        CheckLatency(PeerLoopback.Run(TransportKind.Cacheline, 64, PeerWorkload.Latency, 300, 30, native, Managed, _dir), "native", "managed", 300);
    }
}

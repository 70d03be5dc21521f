using System.Runtime.Versioning;
using IpcBench.Interop;
using IpcBench.Protocol;
using IpcBench.Transports;
using static IpcBench.Interop.Posix;

namespace IpcBench.Tests.Transports;

/// <summary>
/// Both ends of each transport in this process (the harness-side setup, then the peer-side open of server and
/// client): messages cross in both directions, verify, and the steady state allocates nothing.
/// </summary>
[SupportedOSPlatform("linux")]
public class InProcessTransportTests
{
    private string _dir = null!;
    private static int s_n;

    [SetUp]
    public void SetUp() => _dir = MkDTemp(Path.Combine(Path.GetTempPath(), "ipcbench-test-XXXXXX"));

    [TearDown]
    public void TearDown()
    {
        Directory.Delete(_dir, recursive: true);
        Directory.GetFiles("/dev/shm", $"ipcbench-{Environment.ProcessId}-*").Should().BeEmpty();
    }

    private (IMessageTransport Server, IMessageTransport Client) OpenPair(TransportKind kind, int size, WaitStrategy wait, int timeoutMs = 5000)
    {
        var spec = new TransportCellSpec(kind, size, wait, _dir, $"ipcbench-{Environment.ProcessId}-inproc-{Interlocked.Increment(ref s_n)}");
        using var setup = TransportSetups.Create(spec);
        PeerOptions Options(PeerRole role, IReadOnlyList<string> args) => new PeerOptions
        {
            Role = role,
            Transport = kind,
            Workload = PeerWorkload.Throughput,
            Size = size,
            Count = 1,
            Warmup = 1,
            TimeoutMs = timeoutMs,
            Wait = wait == WaitStrategy.Futex ? WaitStrategy.Futex : WaitStrategy.Spin,
        }.With(args);
        var so = Options(PeerRole.Server, setup.ServerArgs);
        var co = Options(PeerRole.Client, setup.ClientArgs);
        // Opening may block on the other side (fifo, uds, ring ready): open both concurrently.
        var server = Task.Run(() => PeerTransports.Open(so));
        var client = Task.Run(() => PeerTransports.Open(co));
        Task.WaitAll(server, client);
        setup.AfterSpawn(); // pipe: in one process both ends stay open (the peer side owns its own copies of nothing)
        setup.UnlinkNames();
        return (server.Result, client.Result);
    }

    private static void Exchange(IMessageTransport from, IMessageTransport to, ulong seq)
    {
        Message.Build(from.BeginSend(), seq);
        from.Commit();
        Message.Verify(to.BeginReceive(), seq);
        to.Release();
    }

    [TestCase(TransportKind.Shm, 64, WaitStrategy.Spin)]
    [TestCase(TransportKind.Shm, 100, WaitStrategy.Futex)]
    [TestCase(TransportKind.MmapFile, 4096, WaitStrategy.Spin)]
    [TestCase(TransportKind.MmapFile, 17, WaitStrategy.Futex)]
    [TestCase(TransportKind.Fifo, 64, WaitStrategy.None)]
    [TestCase(TransportKind.Uds, 1000, WaitStrategy.None)]
    [TestCase(TransportKind.Mq, 64, WaitStrategy.None)]
    public void Messages_cross_both_ways_without_allocating(TransportKind kind, int size, WaitStrategy wait)
    {
        var (server, client) = OpenPair(kind, size, wait);
        using (server)
        using (client)
        {
            server.Size.Should().Be(size);
            ulong seq = 0;
            for (int i = 0; i < 200; i++, seq++)
            {
                Exchange(client, server, seq);
                Exchange(server, client, seq);
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 2000; i++, seq++)
            {
                Exchange(client, server, seq);
                Exchange(server, client, seq);
            }
            (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0, "the steady state allocates nothing");
        }
    }

    [Test]
    public void Pipe_stream_without_allocating()
    {
        Pipe2(O_CLOEXEC, out var c2sR, out var c2sW);
        Pipe2(O_CLOEXEC, out var s2cR, out var s2cW);
        using var server = new StreamTransport("pipe", c2sR, s2cW, 300, 5000);
        using var client = new StreamTransport("pipe", s2cR, c2sW, 300, 5000);
        for (ulong s = 0; s < 100; s++)
        {
            Exchange(client, server, s);
            Exchange(server, client, s);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (ulong s = 100; s < 2100; s++)
        {
            Exchange(client, server, s);
            Exchange(server, client, s);
        }
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    [TestCase(WaitStrategy.Spin)]
    [TestCase(WaitStrategy.Futex)]
    public void A_ring_fills_up_and_drains_in_order_across_the_u32_counters(WaitStrategy wait)
    {
        var (server, client) = OpenPair(TransportKind.Shm, 64, wait);
        using (server)
        using (client)
        {
            int slots = ((RingTransport)client).Slots;
            ulong seq = 0;
            for (int round = 0; round < 5; round++)
            {
                for (int i = 0; i < slots; i++)
                {
                    Message.Build(client.BeginSend(), seq + (ulong)i);
                    client.Commit();
                }
                for (int i = 0; i < slots; i++)
                {
                    Message.Verify(server.BeginReceive(), seq + (ulong)i);
                    server.Release();
                }
                seq += (ulong)slots;
            }
        }
    }

    [Test]
    public void A_full_ring_times_out_with_a_clear_error()
    {
        var (server, client) = OpenPair(TransportKind.Shm, 64, WaitStrategy.Futex, timeoutMs: 300);
        using (server)
        using (client)
        {
            var ring = (RingTransport)client;
            for (int i = 0; i < ring.Slots; i++)
            {
                Message.Build(client.BeginSend(), (ulong)i);
                client.Commit();
            }
            // The outcome, not the clock: the send gave up for the stated reason and sent nothing.
            FluentActions.Invoking(() => client.BeginSend()).Should().Throw<TransportException>()
                .WithMessage("shm: send (ring full): the partner made no progress within 300 ms");
            for (int i = 0; i < ring.Slots; i++)
            {
                Message.ReadSeq(server.BeginReceive()).Should().Be((ulong)i, "the full ring still holds exactly what was sent");
                server.Release();
            }
        }
    }

    [Test]
    public void A_client_of_other_geometry_is_refused()
    {
        var spec = new TransportCellSpec(TransportKind.Shm, 64, WaitStrategy.Spin, _dir, $"ipcbench-{Environment.ProcessId}-inproc-{Interlocked.Increment(ref s_n)}");
        using var setup = TransportSetups.Create(spec);
        string name = setup.ServerArgs[1];
        using var server = RingTransport.Open(TransportKind.Shm, name, true, 64, 64, WaitStrategy.Spin, false, 1000);
        FluentActions.Invoking(() => RingTransport.Open(TransportKind.Shm, name, false, 64, 32, WaitStrategy.Spin, false, 1000))
            .Should().Throw<TransportException>().WithMessage("shm: segment has slot_size 128 and 64 slots, this client expects 128 and 32");
        FluentActions.Invoking(() => RingTransport.Open(TransportKind.Shm, name, false, 100000, 64, WaitStrategy.Spin, false, 1000))
            .Should().Throw<TransportException>().WithMessage("shm: * is 20480 bytes, the options need *");
    }

    [Test]
    public void A_client_waits_for_ready_and_gives_up_at_the_timeout()
    {
        var spec = new TransportCellSpec(TransportKind.Shm, 64, WaitStrategy.Spin, _dir, $"ipcbench-{Environment.ProcessId}-inproc-{Interlocked.Increment(ref s_n)}");
        using var setup = TransportSetups.Create(spec);
        FluentActions.Invoking(() => RingTransport.Open(TransportKind.Shm, setup.ServerArgs[1], false, 64, 64, WaitStrategy.Spin, false, 200))
            .Should().Throw<TransportException>().WithMessage("shm: the server did not initialise the segment within 200 ms");
    }
}

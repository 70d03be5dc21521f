using System.Globalization;
using IpcBench.Interop;
using IpcBench.Orchestration;
using IpcBench.Peer;
using IpcBench.Protocol;
using IpcBench.Results;
using IpcBench.Transports;
using static IpcBench.Interop.Posix;

namespace IpcBench.Benchmarks;

/// <summary>
/// One latency cell with this process as the client: the harness's <see cref="TransportSetups"/> make the cell's
/// objects, <see cref="PeerProcess"/> runs the server peer (native ipcpeer or the managed peer) through HELLO, OPEN,
/// OPENED, unlink, RUN (docs/protocol.md), and the client side is the harness's own managed transport, opened by
/// <see cref="PeerTransports.Open"/> from the same arguments a client peer would get. The server answers
/// <see cref="ServerCount"/> round trips, more than any run asks for; disposing kills it and removes everything.
/// Placement as `ipcbench run` chooses it by default (<see cref="CpuPlacement.DefaultKind"/>): with two CPUs the
/// server is pinned to one and the calling thread to the other, so every run measures the same path (unpinned, the
/// scheduler moves the pair between one CPU and two, and the round trip jumps by an order of magnitude).
/// </summary>
public sealed class CrossProcessSession : IDisposable
{
    /// <summary>Round trips the server is told to answer (the peers' upper bound): it never runs out before it is killed.</summary>
    public const long ServerCount = ProtocolLimits.MaxCount;

    /// <summary>Bound on every wait of the server: the pauses between BenchmarkDotNet's stages must stay under it.</summary>
    public const int ServerTimeoutMs = 600_000;

    /// <summary>Bound on every wait of the in-process client: a dead server fails the benchmark within it.</summary>
    public const int ClientTimeoutMs = 30_000;

    private static readonly TimeSpan ControlTimeout = TimeSpan.FromSeconds(30);

    private readonly RunDirectory _runDirectory;
    private ITransportSetup? _setup;
    private PeerProcess? _server;
    private IMessageTransport? _transport;
    private CachelineChannel? _cacheline;
    private ulong _seq;
    private int[]? _pipeEnds; // pipe: the client's duplicated ends until the transport owns them
    private Posix.CpuSet? _affinityBefore;
    private int _pinnedThread;

    private CrossProcessSession(RunDirectory runDirectory) => _runDirectory = runDirectory;

    /// <summary>The CPUs of the client (this thread) and the server, or -1 each when not pinned.</summary>
    public CpuPlacement Placement { get; private set; } = new(Results.Placement.None, -1, -1);

    /// <summary>
    /// Starts the server, pins the calling thread (the client: call from the thread that runs the round trips, and
    /// dispose there too), opens the client side and sends RUN; on any failure everything made so far is removed.
    /// </summary>
    public static CrossProcessSession Start(TransportKind kind, WaitStrategy wait, PeerInfo serverPeer, int size)
    {
        var session = new CrossProcessSession(new RunDirectory());
        try
        {
            session.Placement = CpuPlacement.Choose(CpuPlacement.DefaultKind());
            session.Open(kind, wait, serverPeer, size);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private void Open(TransportKind kind, WaitStrategy wait, PeerInfo serverPeer, int size)
    {
        var spec = new TransportCellSpec(kind, size, kind.HasRing() ? wait : WaitStrategy.None, _runDirectory.Path, _runDirectory.NamePrefix + "-rt");
        _setup = TransportSetups.Create(spec);
        var server = (Common(kind, wait, size, ServerTimeoutMs) with { Role = PeerRole.Server, Cpu = Placement.ServerCpu }).With(_setup.ServerArgs);
        // The client's options exactly as a client peer would parse them (the samples file is never written: the
        // benchmark times the round trips itself).
        PeerOptions client = (Common(kind, wait, size, ClientTimeoutMs) with
        {
            Role = PeerRole.Client,
            Cpu = Placement.ClientCpu,
            Samples = _runDirectory.File("unused.samples"),
        }).With(_setup.ClientArgs);

        _setup.BeforeSpawn();
        try
        {
            _server = PeerProcess.Start(PeerLocator.Locate(serverPeer), server.ToArguments(), $"server ({PeerSpec.Label(serverPeer)})");
            if (kind == TransportKind.Pipe)
                client = client with { Fds = _pipeEnds = DupClientPipeEnds(client.Fds!) };
        }
        finally
        {
            // pipe: the harness's four ends are closed here; the client keeps its own duplicates of its two.
            _setup.AfterSpawn();
        }
        _server.Expect(ControlProtocol.Hello, ControlTimeout, CancellationToken.None);
        if (client.Cpu >= 0)
        {
            _affinityBefore = GetCurrentThreadAffinity();
            _pinnedThread = Environment.CurrentManagedThreadId;
            PinCurrentThread(client.Cpu);
        }

        _server.Send(ControlProtocol.Open);
        // Opening may wait for the server (fifo, uds, ring header): it is opening at the same time, every wait bounded.
        if (kind == TransportKind.Cacheline)
            _cacheline = CachelineChannel.Open(client.Name!, server: false, client.Yield, client.TimeoutMs);
        else
        {
            _pipeEnds = null; // pipe: PeerTransports.Open owns the ends from here, and closes them if it fails
            _transport = PeerTransports.Open(client);
        }
        _server.Expect(ControlProtocol.Opened, ControlTimeout, CancellationToken.None);
        _setup.UnlinkNames(); // from here on nothing of the cell has a name
        _server.Send(ControlProtocol.Run);
    }

    private PeerOptions Common(TransportKind kind, WaitStrategy wait, int size, int timeoutMs) => new()
    {
        Transport = kind,
        Workload = PeerWorkload.Latency,
        Size = size,
        Count = ServerCount,
        Warmup = 0,
        TimeoutMs = timeoutMs,
        Wait = kind.HasRing() ? wait : WaitStrategy.None,
        // As CellPlan.Yield: two spinning peers that may share one CPU must yield, or one starves the other.
        Yield = (kind == TransportKind.Cacheline || wait == WaitStrategy.Spin) && Placement.SpinMustYield,
    };

    /// <summary>The client's read and write ends, duplicated close-on-exec (the originals are the setup's to close).</summary>
    private static int[] DupClientPipeEnds(IReadOnlyList<int> fds)
    {
        var ends = new int[2];
        for (int i = 0; i < 2; i++)
        {
            using var original = new SafeFileDescriptor(fds[i], ownsHandle: false);
            ends[i] = Fcntl(original, F_DUPFD_CLOEXEC, 3);
        }
        return ends;
    }

    /// <summary><paramref name="count"/> round trips of fresh, verified messages, continuing the server's seq.</summary>
    public void RoundTrips(int count)
    {
        _seq = _transport switch
        {
            RingTransport ring => Loop(new RingChannel(ring), _seq, count),
            StreamTransport stream => Loop(new StreamChannel(stream), _seq, count),
            MqTransport mq => Loop(new MqChannel(mq), _seq, count),
            null => Ping(_cacheline!, _seq, count),
            _ => Loop(new AnyChannel(_transport), _seq, count),
        };
    }

    // What the managed latency client does per round trip (Workloads.LatencyClient), without its clock reads.
    private static ulong Loop<T>(T ch, ulong seq, int count) where T : struct, IChannel
    {
        for (int i = 0; i < count; i++, seq++)
        {
            Message.Build(ch.BeginSend(), seq);
            ch.Commit();
            Message.Verify(ch.BeginReceive(), seq);
            ch.Release();
        }
        return seq;
    }

    // Round i of the cache-line ping-pong carries i + 1 (Workloads.Cacheline).
    private static ulong Ping(CachelineChannel ch, ulong seq, int count)
    {
        for (int i = 0; i < count; i++, seq++)
            ch.Ping((uint)(seq + 1));
        return seq;
    }

    /// <summary>Kills the server, closes the client side, removes whatever of the cell is left. Idempotent.</summary>
    public void Dispose()
    {
        _server?.Dispose();
        _server = null;
        _transport?.Dispose();
        _transport = null;
        _cacheline?.Dispose();
        _cacheline = null;
        if (_pipeEnds is not null)
        {
            foreach (int fd in _pipeEnds)
                CloseRaw(fd);
            _pipeEnds = null;
        }
        _setup?.Dispose();
        _setup = null;
        _runDirectory.Dispose();
        if (_affinityBefore is { } before && Environment.CurrentManagedThreadId == _pinnedThread)
        {
            unsafe
            {
                SchedSetAffinityRaw(0, (nuint)sizeof(Posix.CpuSet), &before);
            }
            _affinityBefore = null;
        }
    }
}

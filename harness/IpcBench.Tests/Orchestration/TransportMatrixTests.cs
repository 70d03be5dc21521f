using IpcBench.Protocol;
using IpcBench.Orchestration;
using IpcBench.Results;
using IpcBench.Transports;

namespace IpcBench.Tests.Orchestration;

/// <summary>
/// Every transport with every kind of peer (managed, native x86-64, native i686 and i686-lfs),
/// in both directions of a mixed pair, at small message counts: every cell must come back ok
/// with every message verified, and nothing of the run may be left behind.
/// </summary>
[TestFixture]
[Category("Integration")]
public class TransportMatrixTests
{
    static readonly (TransportKind Kind, WaitStrategy Wait)[] Transports =
    [
        (TransportKind.Pipe, WaitStrategy.None),
        (TransportKind.Fifo, WaitStrategy.None),
        (TransportKind.Mq, WaitStrategy.None),
        (TransportKind.Shm, WaitStrategy.Spin),
        (TransportKind.Shm, WaitStrategy.Futex),
        (TransportKind.MmapFile, WaitStrategy.Spin),
        (TransportKind.MmapFile, WaitStrategy.Futex),
        (TransportKind.Uds, WaitStrategy.None),
    ];

    // Each kind as client and as server at least once, and both i686 ABIs against x86-64.
    static readonly string[] Pairs = ["managed-managed", "native-native", "managed-native", "i686-managed", "native-i686-lfs"];

    static IEnumerable<TestCaseData> Cases() =>
        from t in Transports
        from p in Pairs
        select new TestCaseData(t.Kind, t.Wait, p).SetName($"{t.Kind.ToName()}{(t.Wait == WaitStrategy.None ? "" : "/" + t.Wait.ToName())} {p}");

    [TestCaseSource(nameof(Cases))]
    [CancelAfter(120_000)]
    public void Every_cell_is_verified(TransportKind kind, WaitStrategy wait, string pair)
    {
        var peers = PeerSpec.ParsePair(pair);
        AvailablePeers.Require(peers.Client);
        AvailablePeers.Require(peers.Server);
        // 64 B; 4000 B is not a multiple of the 64-byte slot rounding; 200000 B is more than a
        // pipe or socket buffer holds, so streams must loop over partial reads and writes.
        int[] sizes = kind == TransportKind.Mq ? [64, 4000] : [64, 4000, 200_000];
        var request = new RunRequest
        {
            Transports = [kind],
            Waits = wait == WaitStrategy.None ? [WaitStrategy.Spin] : [wait],
            Peers = [peers],
            Sizes = sizes,
            Count = 60,
            Warmup = 5,
            Repetitions = 3,
            Floors = false,
            Timeout = TimeSpan.FromSeconds(20),
        };

        var run = new BenchmarkRun(request).Execute(null);

        run.Cells.Should().HaveCount(sizes.Length * 2);
        foreach (var cell in run.Cells)
        {
            cell.Status.Should().Be(CellStatus.Ok, $"{cell.Key}: {cell.Reason}");
            cell.Verified.Should().BeTrue();
            cell.Messages.Should().Be(60);
            cell.Repetitions.Should().HaveCount(3);
            // The managed peer runs its timed code fully optimised (tiered compilation off); the C peer is native.
            cell.ClientJit.Should().Be(cell.Peers.Client.Impl == PeerImpl.Managed ? "full-opt" : "native");
            cell.ServerJit.Should().Be(cell.Peers.Server.Impl == PeerImpl.Managed ? "full-opt" : "native");
            cell.CostPerMessage!.CpuNs.Should().BePositive();
            // Nothing is JIT-compiled on a managed peer's measuring thread inside its timed phases (the warm-up and the
            // run's start compiled it all); the C peer does not report it.
            cell.ClientJitInWindow.Should().Be(cell.Peers.Client.Impl == PeerImpl.Managed ? 0 : null, cell.Key);
            cell.ServerJitInWindow.Should().Be(cell.Peers.Server.Impl == PeerImpl.Managed ? 0 : null, cell.Key);
            if (cell.Workload == Workload.Latency)
            {
                cell.Latency!.Count.Should().Be(60);
                cell.Latency.P50Ns.Should().BePositive();
                cell.Latency.MaxNs.Should().BeGreaterThanOrEqualTo(cell.Latency.P50Ns);
            }
            else
            {
                cell.Throughput!.Messages.Should().Be(60);
                cell.Throughput.Bytes.Should().Be(60L * cell.Size);
                cell.Throughput.MbPerS.Should().BePositive();
            }
        }
        Leftovers.Of(Environment.ProcessId).Should().BeEmpty();
    }

    [Test]
    public void A_message_queue_size_above_the_limit_runs_where_the_process_may_exceed_it_else_is_skipped_with_how_to_raise_it()
    {
        long max = long.Parse(File.ReadAllText("/proc/sys/fs/mqueue/msgsize_max").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var request = new RunRequest
        {
            Transports = [TransportKind.Mq],
            Peers = [PeerSpec.ParsePair("native-native")],
            Workloads = [Workload.Latency],
            Sizes = [64, (int)max + 1],
            Count = 20,
            Floors = false,
        };

        var run = new BenchmarkRun(request).Execute(null);

        run.Cells[0].Status.Should().Be(CellStatus.Ok);
        if (MqLimits.Read().MayExceedMsgSizeMax)
        {
            // CAP_SYS_RESOURCE (found by trying): the larger message really crosses the queue.
            run.Cells[1].Status.Should().Be(CellStatus.Ok, run.Cells[1].Reason);
            run.Cells[1].Verified.Should().BeTrue();
        }
        else
        {
            run.Cells[1].Status.Should().Be(CellStatus.Skipped);
            run.Cells[1].Reason.Should().Contain("msgsize_max").And.Contain("sysctl");
        }
    }

    [Test]
    public void Floors_and_copy_model_are_measured_in_the_run()
    {
        var request = new RunRequest
        {
            Transports = [TransportKind.Pipe, TransportKind.Shm],
            Waits = [WaitStrategy.Spin],
            Peers = [PeerSpec.ParsePair("native-native")],
            Workloads = [Workload.Latency],
            Sizes = [64, 65536],
            Count = 200,
            Repetitions = 2,
        };

        var run = new BenchmarkRun(request).Execute("test");

        run.Floors.Memcpy.Select(f => f.Size).Should().Equal(64, 65536);
        run.Floors.Memcpy.Should().OnlyContain(f => f.Status == CellStatus.Ok && f.MbPerS > 0);
        run.Floors.Own.Should().OnlyContain(f => f.Status == CellStatus.Ok && f.Ns > 0);
        run.Floors.Handoff.Select(f => f.Size).Should().Equal(64, 65536);
        run.Floors.Handoff.Should().OnlyContain(f => f.Status == CellStatus.Ok && f.Ns > 0 && f.BytesVerified > 0);
        run.Floors.KernelCopy.Should().NotBeNull().And.OnlyContain(f => f.Status == CellStatus.Ok && f.Ns > 0);
        // Every size floor was measured in each of the 2 rounds, and reports their median.
        foreach (var f in run.Floors.Memcpy.Concat(run.Floors.Own).Concat(run.Floors.Handoff).Concat(run.Floors.KernelCopy!))
        {
            f.RoundNs.Should().HaveCount(2, $"{f.Size}: one measurement per round");
            f.Ns.Should().BeApproximately(f.RoundNs!.Average(), 1e-9, "the median of two is their mean");
        }
        run.Floors.Cacheline.Should().ContainSingle().Which.Latency!.P50Ns.Should().BePositive();
        run.CopyModel.Should().HaveCount(2);
        run.CopyModel.Should().OnlyContain(m => m.Status == ModelStatus.Ok && m.EffectiveCopies > 0);
        run.CopyModel.Should().OnlyContain(m => m.HandoffNsPerByte > 0 && m.Verdict != null);
    }

    [TestCase(64)]
    [TestCase(100)]
    [TestCase(65536)]
    [TestCase(2 << 20)]
    public void The_kernel_copy_floor_writes_and_reads_back_every_byte_through_a_pipe(int size)
    {
        // 2 MiB is above the default pipe-max-size: the floor then goes in chunks of what the pipe holds.
        var placement = CpuPlacement.Choose(CpuPlacement.DefaultKind());
        SizeFloor floor;
        using (var dir = new RunDirectory())
            floor = new FloorRunner(dir, TimeSpan.FromSeconds(60)).SizeFloor(ProtocolNames.KernelCopy, size, placement, CancellationToken.None);

        floor.Status.Should().Be(CellStatus.Ok, floor.Reason);
        floor.Ns.Should().BePositive();
        floor.NsPerByte.Should().BeApproximately(floor.Ns!.Value / size, 1e-12);
        Leftovers.Of(Environment.ProcessId).Should().BeEmpty();
    }

    [TestCase(64)]
    [TestCase(100)]
    [TestCase(65536)]
    public void The_handoff_floor_moves_and_checks_every_byte_between_two_native_processes(int size)
    {
        var placement = CpuPlacement.Choose(CpuPlacement.DefaultKind());
        SizeFloor floor;
        using (var dir = new RunDirectory())
            floor = new FloorRunner(dir, TimeSpan.FromSeconds(60)).Handoff(size, placement, 0, CancellationToken.None);

        floor.Status.Should().Be(CellStatus.Ok, floor.Reason);
        floor.Size.Should().Be(size);
        floor.Ns.Should().BePositive();
        floor.NsPerByte.Should().BeApproximately(floor.Ns!.Value / size, 1e-12);
        // Both directions of every timed round, each read back and checked byte for byte by the other process
        // (a wrong byte fails the peer, and the floor with it).
        floor.BytesVerified.Should().BePositive();
        (floor.BytesVerified!.Value % (2L * size)).Should().Be(0, "whole messages, both ways");
        floor.Cpu.Should().Be(placement.ClientCpu >= 0 ? placement.ClientCpu : null);
        floor.PeerCpu.Should().Be(placement.ServerCpu >= 0 ? placement.ServerCpu : null);
        Leftovers.Of(Environment.ProcessId).Should().BeEmpty();
    }
}

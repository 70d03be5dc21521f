using System.Globalization;
using IpcBench.Interop;
using IpcBench.Protocol;
using IpcBench.Results;
using IpcBench.Transports;

namespace IpcBench.Orchestration;

/// <summary>
/// Measures the reference figures of a run with the native x86-64 peer, on the run's placement:
/// memcpy and own work per size (one process, pinned to the client's CPU), the cross-CPU hand-off
/// per size and the cache-line ping-pong (two processes, on the cells' CPUs): the least it can cost
/// to move N bytes between the peers, and the lowest round trip possible on this placement.
/// </summary>
public sealed class FloorRunner(RunDirectory runDirectory, TimeSpan timeout)
{
    /// <summary>ns per operation from a one-process floor (`--transport none --workload memcpy|own|kcopy`).</summary>
    public SizeFloor SizeFloor(string workload, int size, CpuPlacement placement, CancellationToken cancel)
    {
        // About 4 MiB per batch: long enough to time (tens of µs and more), short enough that one of the 5 batches
        // escapes preemption on a shared machine (64 MiB batches were preempted every time under load).
        int count = (int)Math.Clamp((4L << 20) / size, 4, 200_000);
        var options = new PeerOptions
        {
            Role = PeerRole.Client,
            Transport = null,
            Workload = ProtocolNames.Workloads.TryParse(workload, out var w) ? w : throw new ArgumentException($"not a floor workload: {workload}", nameof(workload)),
            Size = size,
            Count = count,
            Warmup = 0,
            TimeoutMs = (int)timeout.TotalMilliseconds,
            Cpu = placement.ClientCpu,
            Wait = WaitStrategy.None,
        };
        options.Validate();
        try
        {
            using var peer = PeerProcess.Start(PeerLocator.Locate(PeerInfo.Native()), options.ToArguments(), $"{workload} floor (native x86_64)");
            peer.Expect(ControlProtocol.Hello, timeout, cancel);
            peer.Send(ControlProtocol.Open);
            peer.Expect(ControlProtocol.Opened, timeout, cancel);
            peer.Send(ControlProtocol.Run);
            var done = DoneRecord.Parse(peer.Expect(ControlProtocol.Done, timeout, cancel));
            peer.WaitExit(TimeSpan.FromSeconds(5));
            if (done.ResultNs is not { } ns || ns <= 0)
                return Results.SizeFloor.NotMeasured(size, CellStatus.Failed, $"{workload} floor: DONE lacks a positive result_ns");
            return Results.SizeFloor.Measured(size, ns, placement.ClientCpu >= 0 ? placement.ClientCpu : null);
        }
        catch (FormatException e)
        {
            return Results.SizeFloor.NotMeasured(size, CellStatus.Failed, $"{workload} floor: {e.Message}");
        }
        catch (CellFailedException e)
        {
            return Results.SizeFloor.NotMeasured(size, CellStatus.Failed, e.Message);
        }
    }

    /// <summary>
    /// The hand-off floor at one size (`--transport cacheline --workload handoff`): two native x86-64 processes on
    /// the cells' CPUs take turns building a message of <paramref name="size"/> bytes in place in their direction's
    /// shared buffer and verifying it in place on the other side, as the ring's peers do. ns per one-direction
    /// hand-off, best of the client's 5 batches.
    /// </summary>
    public SizeFloor Handoff(int size, CpuPlacement placement, int index, CancellationToken cancel)
    {
        // Batches of about 1 MiB moved and at most 1000 round trips (a few hundred µs at small sizes): long enough to
        // time, short enough that one without a preemption is likely on a shared machine (a batch the scheduler
        // interrupts is lost to the best-of-5, and a preempted spinning partner stalls the other for a time slice).
        int count = (int)Math.Clamp((1L << 20) / (2L * size), 4, 1000);
        var spec = new TransportCellSpec(TransportKind.Cacheline, size, WaitStrategy.Spin, runDirectory.Path,
            $"{runDirectory.NamePrefix}-handoff{index.ToString(CultureInfo.InvariantCulture)}");
        var common = new PeerOptions
        {
            Transport = TransportKind.Cacheline,
            Workload = PeerWorkload.Handoff,
            Size = size,
            Count = count,
            Warmup = Math.Max(2, count / 4),
            TimeoutMs = (int)timeout.TotalMilliseconds,
            Yield = placement.SpinMustYield,
        };
        PeerOptions Side(PeerRole role, int cpu, ITransportSetup setup) =>
            (common with { Role = role, Cpu = cpu }).With(role == PeerRole.Server ? setup.ServerArgs : setup.ClientArgs);
        var native = PeerPairInfo.Of(PeerInfo.Native(), PeerInfo.Native());
        try
        {
            using var setup = TransportSetups.CreateHandoff(spec);
            using var pair = RunningPair.Start(native, setup, Side(PeerRole.Server, placement.ServerCpu, setup).ToArguments(),
                Side(PeerRole.Client, placement.ClientCpu, setup).ToArguments(), timeout, cancel);
            pair.Open(setup, timeout, cancel);
            var (serverLine, clientLine) = pair.Run(timeout, cancel);
            var client = DoneRecord.Parse(clientLine);
            var server = DoneRecord.Parse(serverLine);
            if (client.ResultNs is not { } ns || ns <= 0)
                return Results.SizeFloor.NotMeasured(size, CellStatus.Failed, "handoff floor: the client's DONE lacks a positive result_ns");
            long expected = 2L * 5 * count * size;
            if (server.Bytes != expected)
                return Results.SizeFloor.NotMeasured(size, CellStatus.Failed, $"handoff floor: the server moved bytes={server.Bytes}, expected {expected}");
            return Results.SizeFloor.Measured(size, ns, placement.ClientCpu >= 0 ? placement.ClientCpu : null) with
            {
                PeerCpu = placement.ServerCpu >= 0 ? placement.ServerCpu : null,
                BytesVerified = expected,
            };
        }
        catch (Exception e) when (e is CellFailedException or FormatException or PosixException or IOException)
        {
            return Results.SizeFloor.NotMeasured(size, CellStatus.Failed, "handoff floor: " + e.Message);
        }
    }

    /// <summary>Cache-line ping-pong between two native x86-64 processes on the run's placement.</summary>
    public CachelineFloor Cacheline(CpuPlacement placement, int count, int warmup, int repetitions, CancellationToken cancel)
    {
        var plan = new CellPlan(-1, TransportKind.Cacheline, WaitStrategy.Spin, PeerSpec.Defaults[1], Workload.Latency,
            64, placement, count, warmup, repetitions);
        var cell = new CellRunner(runDirectory, timeout).Run(plan, cancel);
        return new CachelineFloor
        {
            Placement = placement.Kind,
            Status = cell.Status,
            Reason = cell.Reason,
            ClientCpu = cell.ClientCpu,
            ServerCpu = cell.ServerCpu,
            Messages = cell.Messages,
            Repetitions = cell.Repetitions,
            Latency = cell.Latency,
        };
    }
}

using IpcBench.Protocol;
using IpcBench.Results;
using IpcBench.Transports;

namespace IpcBench.Orchestration;

/// <summary>
/// Measures the reference figures of a run with the native x86-64 peer, on the run's placement:
/// memcpy and own work per size (one process, pinned to the client's CPU) and the cache-line
/// ping-pong (two processes): the lowest round trip possible on this placement.
/// </summary>
public sealed class FloorRunner(RunDirectory runDirectory, TimeSpan timeout)
{
    /// <summary>ns per operation from a one-process floor (`--transport none --workload memcpy|own`).</summary>
    public SizeFloor SizeFloor(string workload, int size, CpuPlacement placement, CancellationToken cancel)
    {
        // Enough operations per batch that a batch lasts milliseconds, not microseconds.
        int count = (int)Math.Clamp((64L << 20) / size, 20, 200_000);
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

using System.Globalization;
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
    /// <summary>ns per operation from a one-process floor (`--transport none --workload memcpy|own`).</summary>
    public SizeFloor SizeFloor(string workload, int size, CpuPlacement placement, CancellationToken cancel)
    {
        // About 4 MiB per batch: long enough to time (tens of µs and more), short enough that one of the 5 batches
        // escapes preemption on a shared machine (64 MiB batches were preempted every time under load).
        int count = (int)Math.Clamp((4L << 20) / size, 4, 200_000);
        var args = new List<string>
        {
            "--role", "client", "--transport", "none", "--workload", workload,
            "--size", size.ToString(CultureInfo.InvariantCulture),
            "--count", count.ToString(CultureInfo.InvariantCulture), "--warmup", "0",
            "--timeout-ms", ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        };
        if (placement.ClientCpu >= 0)
            args.AddRange(["--cpu", placement.ClientCpu.ToString(CultureInfo.InvariantCulture)]);
        try
        {
            using var peer = PeerProcess.Start(PeerLocator.Locate(PeerInfo.Native()), args, $"{workload} floor (native x86_64)");
            peer.Expect("HELLO", timeout, cancel);
            peer.Send("OPEN");
            peer.Expect("OPENED", timeout, cancel);
            peer.Send("RUN");
            var done = CellRunner.ParseDone(peer.Expect("DONE", timeout, cancel));
            peer.WaitExit(TimeSpan.FromSeconds(5));
            if (!done.TryGetValue("result_ns", out var text) || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ns) || ns <= 0)
                return Results.SizeFloor.NotMeasured(size, CellStatus.Failed, $"{workload} floor: DONE lacks a positive result_ns");
            return Results.SizeFloor.Measured(size, ns, placement.ClientCpu >= 0 ? placement.ClientCpu : null);
        }
        catch (CellFailedException e)
        {
            return Results.SizeFloor.NotMeasured(size, CellStatus.Failed, e.Message);
        }
    }

    /// <summary>
    /// The hand-off floor at one size (`--transport cacheline --workload handoff`): two native x86-64 processes on
    /// the cells' CPUs take turns writing <paramref name="size"/> bytes into one shared buffer and reading and checking
    /// them on the other side. ns per one-direction hand-off, best of the client's 5 batches.
    /// </summary>
    public SizeFloor Handoff(int size, CpuPlacement placement, int index, CancellationToken cancel)
    {
        // Batches of about 1 MiB moved and at most 1000 round trips (a few hundred µs at small sizes): long enough to
        // time, short enough that one without a preemption is likely on a shared machine (a batch the scheduler
        // interrupts is lost to the best-of-5, and a preempted spinning partner stalls the other for a time slice).
        int count = (int)Math.Clamp((1L << 20) / (2L * size), 4, 1000);
        var spec = new TransportCellSpec(TransportKind.Cacheline, size, WaitStrategy.Spin, runDirectory.Path,
            $"{runDirectory.NamePrefix}-handoff{index.ToString(CultureInfo.InvariantCulture)}");
        var common = new List<string>
        {
            "--transport", "cacheline", "--workload", "handoff",
            "--size", size.ToString(CultureInfo.InvariantCulture),
            "--count", count.ToString(CultureInfo.InvariantCulture),
            "--warmup", Math.Max(2, count / 4).ToString(CultureInfo.InvariantCulture),
            "--timeout-ms", ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        };
        if (placement.SpinMustYield)
            common.Add("--yield");
        List<string> Side(string role, int cpu, ITransportSetup setup) =>
            [.. common, "--role", role, .. cpu >= 0 ? new[] { "--cpu", cpu.ToString(CultureInfo.InvariantCulture) } : [], .. setup.ServerArgs];
        var native = PeerPairInfo.Of(PeerInfo.Native(), PeerInfo.Native());
        try
        {
            using var setup = TransportSetups.CreateHandoff(spec);
            using var pair = RunningPair.Start(native, setup, Side("server", placement.ServerCpu, setup), Side("client", placement.ClientCpu, setup), timeout, cancel);
            pair.Open(setup, timeout, cancel);
            var (serverLine, clientLine) = pair.Run(timeout, cancel);
            var client = CellRunner.ParseDone(clientLine);
            var server = CellRunner.ParseDone(serverLine);
            if (!client.TryGetValue("result_ns", out var text) || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ns) || ns <= 0)
                return Results.SizeFloor.NotMeasured(size, CellStatus.Failed, "handoff floor: the client's DONE lacks a positive result_ns");
            long expected = 2L * 5 * count * size;
            if (!server.TryGetValue("bytes", out var b) || b != expected.ToString(CultureInfo.InvariantCulture))
                return Results.SizeFloor.NotMeasured(size, CellStatus.Failed, $"handoff floor: the server moved bytes={b ?? "?"}, expected {expected}");
            return Results.SizeFloor.Measured(size, ns, placement.ClientCpu >= 0 ? placement.ClientCpu : null) with
            {
                PeerCpu = placement.ServerCpu >= 0 ? placement.ServerCpu : null,
                BytesVerified = expected,
            };
        }
        catch (Exception e) when (e is CellFailedException or Interop.PosixException or IOException)
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

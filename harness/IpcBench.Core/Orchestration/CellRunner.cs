using System.Diagnostics;
using System.Globalization;
using IpcBench.Measurement;
using IpcBench.Protocol;
using IpcBench.Results;
using IpcBench.Transports;

namespace IpcBench.Orchestration;

/// <summary>
/// Runs one cell: creates its transport objects, spawns the two peers, drives the control
/// protocol (docs/protocol.md), and turns what the peers report into a CellResult. It never
/// throws for a cell that fails: the failure, with which peer and why, is the result.
/// </summary>
public sealed class CellRunner(RunDirectory runDirectory, TimeSpan timeout)
{
    public CellResult Run(CellPlan cell, CancellationToken cancel)
    {
        var started = Stopwatch.GetTimestamp();
        if (TransportSetups.SkipReason(cell.Transport, cell.Size) is { } skip)
            return Outcome(cell, CellStatus.Skipped, skip);
        try
        {
            var result = Measure(cell, cancel);
            return result with { DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds };
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return Outcome(cell, CellStatus.Failed, "interrupted (Ctrl-C or SIGTERM)") with { DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds };
        }
        catch (TransportSkipException e)
        {
            return Outcome(cell, CellStatus.Skipped, e.Message) with { DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds };
        }
        catch (SegmentSpaceException e)
        {
            return Outcome(cell, CellStatus.Skipped, $"{cell.Transport.ToName()}: {e.Message}") with { DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds };
        }
        catch (CellFailedException e)
        {
            return Outcome(cell, CellStatus.Failed, e.Message) with { DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds };
        }
        catch (Exception e) when (e is Interop.PosixException or ArgumentException or IOException or InvalidDataException or FormatException or Util.UsageException)
        {
            return Outcome(cell, CellStatus.Failed, e.Message) with { DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds };
        }
    }

    CellResult Measure(CellPlan cell, CancellationToken cancel)
    {
        var spec = new TransportCellSpec(cell.Transport, cell.Size, cell.Wait, runDirectory.Path,
            $"{runDirectory.NamePrefix}-{cell.Index}");
        var samplesPath = runDirectory.File($"cell-{cell.Index}.samples");
        using var setup = TransportSetups.Create(spec);
        var common = Options(cell, (int)timeout.TotalMilliseconds);
        var server = (common with { Role = PeerRole.Server, Cpu = cell.Placement.ServerCpu }).With(setup.ServerArgs);
        var client = (common with
        {
            Role = PeerRole.Client,
            Cpu = cell.Placement.ClientCpu,
            Samples = cell.Workload == Workload.Latency ? samplesPath : null,
        }).With(setup.ClientArgs);

        var pair = RunningPair.Start(cell.Peers, setup, server.ToArguments(), client.ToArguments(), timeout, cancel);
        using (pair)
        {
            pair.Open(setup, timeout, cancel);
            var (serverDone, clientDone) = pair.Run(timeout, cancel);
            try
            {
                return Aggregate(cell, Done(serverDone, "server"), Done(clientDone, "client"), samplesPath);
            }
            finally
            {
                File.Delete(samplesPath);
            }
        }
    }

    /// <summary>The peer options every peer of <paramref name="cell"/> shares (role, CPU and transport arguments are added per peer).</summary>
    public static PeerOptions Options(CellPlan cell, int timeoutMs) => new()
    {
        Transport = cell.Transport,
        Workload = cell.Workload.ToPeerWorkload(),
        Size = cell.Size,
        Count = cell.Count,
        Warmup = cell.Warmup,
        TimeoutMs = timeoutMs,
        Wait = cell.Transport.HasRing() ? cell.Wait : WaitStrategy.None,
        Yield = cell.Yield,
        // The throughput receiver times the stream in blocks, one per repetition (latency
        // repetitions are blocks of the client's samples, cut here).
        Reps = cell.Workload == Workload.Throughput ? cell.Repetitions : 1,
    };

    static DoneRecord Done(string line, string who)
    {
        try
        {
            return DoneRecord.Parse(line);
        }
        catch (FormatException e)
        {
            throw new CellFailedException($"{who}'s {e.Message}");
        }
    }

    CellResult Aggregate(CellPlan cell, DoneRecord server, DoneRecord client, string samplesPath)
    {
        var costs = new CellCostAccumulator();
        costs.AddRepetition(PeerUsage.FromDone(client), PeerUsage.FromDone(server), cell.Count);
        LatencyStats? latency = null;
        ThroughputStats? throughput = null;
        IReadOnlyList<double> reps;
        if (cell.Workload == Workload.Latency)
        {
            long n = client.Samples ?? throw new CellFailedException("client's DONE lacks samples");
            if (n != cell.Count)
                throw new CellFailedException($"client reported {n} samples, {cell.Count} were asked for");
            var samples = SamplesFile.Read(samplesPath, cell.Count);
            var agg = new LatencyAggregator();
            // Repetitions are consecutive equal blocks of the samples: their medians let a later
            // comparison test whether two runs differ beyond the noise within each.
            int per = samples.Length / cell.Repetitions;
            for (int r = 0; r < cell.Repetitions; r++)
                agg.AddRepetition(samples.AsSpan(r * per, r == cell.Repetitions - 1 ? samples.Length - r * per : per));
            latency = agg.ToStats();
            reps = agg.RepetitionMedians;
        }
        else
        {
            if (server.Messages != cell.Count)
                throw new CellFailedException($"server received {server.Messages} timed messages, {cell.Count} were sent");
            var agg = new ThroughputAggregator();
            foreach (var (repBytes, repMessages, repNs) in ThroughputRepetitions(server, cell))
                agg.AddRepetition(repBytes, repMessages, repNs);
            throughput = agg.ToStats();
            reps = agg.RepetitionMbPerS;
        }
        return Outcome(cell, CellStatus.Ok, null) with
        {
            Verified = true,
            Messages = cell.Count,
            Latency = latency,
            Throughput = throughput,
            Repetitions = reps,
            CostPerMessage = costs.Both,
            ClientCostPerMessage = costs.Client,
            ServerCostPerMessage = costs.Server,
        };
    }

    /// <summary>
    /// Per-repetition throughput: the receiver reports the elapsed time of each equal block of
    /// the timed stream in rep_ns; a peer without it gives one repetition.
    /// </summary>
    static IEnumerable<(long Bytes, long Messages, long Ns)> ThroughputRepetitions(DoneRecord server, CellPlan cell)
    {
        if (cell.Repetitions > 1 && server.RepNs is { } list)
        {
            if (list.Count != cell.Repetitions)
                throw new CellFailedException($"server reported {list.Count} repetitions, {cell.Repetitions} were asked for");
            long per = server.Messages / cell.Repetitions;
            foreach (var ns in list)
                yield return (per * cell.Size, per, ns);
            yield break;
        }
        yield return (server.Bytes, server.Messages, server.ElapsedNs);
    }

    /// <summary>A cell's identity with an outcome and no measurements (skipped, failed, or before aggregation).</summary>
    internal static CellResult Outcome(CellPlan cell, CellStatus status, string? reason) => new()
    {
        Transport = cell.Transport.ToName(),
        Wait = cell.WaitName,
        Yield = cell.Yield,
        Peers = cell.Peers,
        Workload = cell.Workload,
        Size = cell.Size,
        Placement = cell.Placement.Kind,
        ClientCpu = cell.Placement.ClientCpu >= 0 ? cell.Placement.ClientCpu : null,
        ServerCpu = cell.Placement.ServerCpu >= 0 ? cell.Placement.ServerCpu : null,
        Status = status,
        Reason = reason,
        Warmup = cell.Warmup,
        Messages = status == CellStatus.Ok ? cell.Count : 0,
    };
}

using System.Diagnostics;
using System.Globalization;
using IpcBench.Measurement;
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
        catch (Exception e) when (e is Interop.PosixException or ArgumentException or IOException or InvalidDataException or FormatException)
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
        var common = CommonArgs(cell);
        var serverArgs = common.Concat(Role("server", cell.Placement.ServerCpu)).Concat(setup.ServerArgs).ToList();
        var clientArgs = common.Concat(Role("client", cell.Placement.ClientCpu)).Concat(setup.ClientArgs).ToList();
        if (cell.Workload == Workload.Latency)
            clientArgs.AddRange(["--samples", samplesPath]);

        var pair = RunningPair.Start(cell.Peers, setup, serverArgs, clientArgs, timeout, cancel);
        using (pair)
        {
            pair.Open(setup, timeout, cancel);
            var (serverDone, clientDone) = pair.Run(timeout, cancel);
            try
            {
                return Aggregate(cell, ParseDone(serverDone), ParseDone(clientDone), samplesPath);
            }
            finally
            {
                File.Delete(samplesPath);
            }
        }
    }

    static IEnumerable<string> Role(string role, int cpu) =>
        cpu >= 0 ? ["--role", role, "--cpu", cpu.ToString(CultureInfo.InvariantCulture)] : ["--role", role];

    List<string> CommonArgs(CellPlan cell)
    {
        var args = new List<string>
        {
            "--transport", cell.Transport.ToName(),
            "--workload", cell.Workload.Name(),
            "--size", cell.Size.ToString(CultureInfo.InvariantCulture),
            "--count", cell.Count.ToString(CultureInfo.InvariantCulture),
            "--warmup", cell.Warmup.ToString(CultureInfo.InvariantCulture),
            "--timeout-ms", ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        };
        if (cell.Transport.HasRing())
            args.AddRange(["--wait", cell.Wait.ToName()]);
        if (cell.Yield)
            args.Add("--yield");
        // The throughput receiver times the stream in blocks, one per repetition (latency
        // repetitions are blocks of the client's samples, cut here).
        if (cell.Workload == Workload.Throughput && cell.Repetitions > 1)
            args.AddRange(["--reps", cell.Repetitions.ToString(CultureInfo.InvariantCulture)]);
        return args;
    }

    /// <summary>The key=value fields of a DONE line.</summary>
    internal static Dictionary<string, string> ParseDone(string line)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) fields[part[..eq]] = part[(eq + 1)..];
        }
        return fields;
    }

    static long Field(Dictionary<string, string> done, string key, string who)
    {
        if (!done.TryGetValue(key, out var text) || !long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw new CellFailedException($"{who}'s DONE lacks a numeric {key}");
        return value;
    }

    CellResult Aggregate(CellPlan cell, Dictionary<string, string> server, Dictionary<string, string> client, string samplesPath)
    {
        var costs = new CellCostAccumulator();
        costs.AddRepetition(PeerUsage.FromDone(client), PeerUsage.FromDone(server), cell.Count);
        LatencyStats? latency = null;
        ThroughputStats? throughput = null;
        IReadOnlyList<double> reps;
        if (cell.Workload == Workload.Latency)
        {
            long n = Field(client, "samples", "client");
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
            long messages = Field(server, "messages", "server");
            long bytes = Field(server, "bytes", "server");
            long elapsed = Field(server, "elapsed_ns", "server");
            if (messages != cell.Count)
                throw new CellFailedException($"server received {messages} timed messages, {cell.Count} were sent");
            var agg = new ThroughputAggregator();
            foreach (var (repBytes, repMessages, repNs) in ThroughputRepetitions(server, cell, bytes, messages, elapsed))
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
    /// the timed stream in rep_ns (comma-separated); a peer without it gives one repetition.
    /// </summary>
    static IEnumerable<(long Bytes, long Messages, long Ns)> ThroughputRepetitions(
        Dictionary<string, string> server, CellPlan cell, long bytes, long messages, long elapsed)
    {
        if (cell.Repetitions > 1 && server.TryGetValue("rep_ns", out var list))
        {
            var parts = list.Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != cell.Repetitions)
                throw new CellFailedException($"server reported {parts.Length} repetitions, {cell.Repetitions} were asked for");
            long per = messages / cell.Repetitions;
            foreach (var p in parts)
                yield return (per * cell.Size, per, long.Parse(p, CultureInfo.InvariantCulture));
            yield break;
        }
        yield return (bytes, messages, elapsed);
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

using System.Diagnostics;
using System.Globalization;
using IpcBench.Measurement;
using IpcBench.Results;
using IpcBench.Transports;

namespace IpcBench.Orchestration;

/// <summary>
/// Runs one round of a cell: creates its transport objects, spawns the two peers, drives the
/// control protocol (docs/protocol.md), watches what else ran on their CPUs, and adds what the
/// peers report to the cell's <see cref="CellRounds"/>. It never throws for a cell that fails:
/// the failure, with which peer and why, is the result.
/// </summary>
public sealed class CellRunner(RunDirectory runDirectory, TimeSpan timeout)
{
    /// <summary>Every round of a cell back to back (the floors; a run interleaves rounds of all cells instead).</summary>
    public CellResult Run(CellPlan cell, CancellationToken cancel)
    {
        var rounds = new CellRounds(cell);
        for (int r = 0; r < cell.Repetitions && rounds.Pending; r++)
            RunRound(cell, rounds, cancel);
        return rounds.ToResult();
    }

    /// <summary>
    /// One round of a cell: fresh peers moving <see cref="CellPlan.RoundCount"/> timed messages,
    /// added to <paramref name="into"/>. A skip or a failure is recorded there, never thrown.
    /// </summary>
    public void RunRound(CellPlan cell, CellRounds into, CancellationToken cancel)
    {
        var started = Stopwatch.GetTimestamp();
        if (TransportSetups.SkipReason(cell.Transport, cell.Size) is { } skip)
        {
            into.Skip(skip);
            return;
        }
        try
        {
            Measure(cell, into, cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            into.Fail("interrupted (Ctrl-C or SIGTERM)");
        }
        catch (CellFailedException e)
        {
            into.Fail(e.Message);
        }
        catch (Exception e) when (e is Interop.PosixException or ArgumentException or IOException or InvalidDataException or FormatException)
        {
            into.Fail(e.Message);
        }
        finally
        {
            into.AddDuration(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    void Measure(CellPlan cell, CellRounds into, CancellationToken cancel)
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

        var pair = RunningPair.Start(cell.Peers, setup, serverArgs, clientArgs, timeout, cancel, cell.Build);
        using (pair)
        {
            pair.Open(setup, timeout, cancel);
            var window = new InterferenceWindow(WatchedCpus(cell.Placement), pair.Pids);
            var (serverDone, clientDone) = pair.Run(timeout, cancel, window.Begin);
            try
            {
                var server = ParseDone(serverDone);
                var client = ParseDone(clientDone);
                var (cu, su) = (PeerUsage.FromDone(client), PeerUsage.FromDone(server));
                var interference = window.End(cu.UtimeNs + cu.StimeNs + su.UtimeNs + su.StimeNs);
                AddRound(cell, into, server, client, samplesPath, interference);
            }
            finally
            {
                File.Delete(samplesPath);
            }
        }
    }

    /// <summary>The CPUs a cell's peers run on: both pinned ones, or none (every CPU) when not pinned.</summary>
    static IReadOnlyList<int> WatchedCpus(CpuPlacement placement) =>
        placement.ClientCpu < 0 ? [] : placement.Kind == Placement.Same ? [placement.ClientCpu] : [placement.ClientCpu, placement.ServerCpu];

    static IEnumerable<string> Role(string role, int cpu) =>
        cpu >= 0 ? ["--role", role, "--cpu", cpu.ToString(CultureInfo.InvariantCulture)] : ["--role", role];

    List<string> CommonArgs(CellPlan cell)
    {
        var args = new List<string>
        {
            "--transport", cell.Transport.ToName(),
            "--workload", cell.Workload.Name(),
            "--size", cell.Size.ToString(CultureInfo.InvariantCulture),
            "--count", cell.RoundCount.ToString(CultureInfo.InvariantCulture),
            "--warmup", cell.Warmup.ToString(CultureInfo.InvariantCulture),
            "--timeout-ms", ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        };
        if (cell.Transport.HasRing())
            args.AddRange(["--wait", cell.Wait.ToName()]);
        if (cell.Yield)
            args.Add("--yield");
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

    void AddRound(CellPlan cell, CellRounds into, Dictionary<string, string> server, Dictionary<string, string> client,
        string samplesPath, RoundInterference interference)
    {
        var usage = (Client: PeerUsage.FromDone(client), Server: PeerUsage.FromDone(server));
        if (cell.Workload == Workload.Latency)
        {
            long n = Field(client, "samples", "client");
            if (n != cell.RoundCount)
                throw new CellFailedException($"client reported {n} samples, {cell.RoundCount} were asked for");
            into.AddLatencyRound(SamplesFile.Read(samplesPath, cell.RoundCount), usage.Client, usage.Server, interference);
        }
        else
        {
            long messages = Field(server, "messages", "server");
            long bytes = Field(server, "bytes", "server");
            long elapsed = Field(server, "elapsed_ns", "server");
            if (messages != cell.RoundCount)
                throw new CellFailedException($"server received {messages} timed messages, {cell.RoundCount} were sent");
            into.AddThroughputRound(bytes, messages, elapsed, usage.Client, usage.Server, interference);
        }
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

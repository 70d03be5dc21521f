using System.Diagnostics;
using System.Globalization;
using IpcBench.Interop;
using IpcBench.Measurement;
using IpcBench.Protocol;
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
        catch (TransportSkipException e)
        {
            into.Skip(e.Message);
        }
        catch (SegmentSpaceException e)
        {
            into.Skip($"{cell.Transport.ToName()}: {e.Message}");
        }
        catch (CellFailedException e)
        {
            into.Fail(e.Message);
        }
        catch (Exception e) when (e is PosixException or ArgumentException or IOException or InvalidDataException or FormatException or Util.UsageException)
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
        var common = Options(cell, (int)timeout.TotalMilliseconds);
        var server = (common with { Role = PeerRole.Server, Cpu = cell.Placement.ServerCpu }).With(setup.ServerArgs);
        var client = (common with
        {
            Role = PeerRole.Client,
            Cpu = cell.Placement.ClientCpu,
            Samples = cell.Workload == Workload.Latency ? samplesPath : null,
        }).With(setup.ClientArgs);

        var pair = RunningPair.Start(cell.Peers, setup, server.ToArguments(), client.ToArguments(), timeout, cancel, cell.Build);
        using (pair)
        {
            pair.Open(setup, timeout, cancel);
            var window = new InterferenceWindow(WatchedCpus(cell.Placement), pair.Pids);
            var (serverDone, clientDone) = pair.Run(timeout, cancel, window.Begin);
            try
            {
                var serverRecord = Done(serverDone, "server");
                var clientRecord = Done(clientDone, "client");
                var interference = window.End(PeerRunCpu.Of(clientRecord, serverRecord));
                AddRound(cell, into, serverRecord, clientRecord, samplesPath, interference);
            }
            finally
            {
                File.Delete(samplesPath);
            }
        }
    }

    /// <summary>The peer options every peer of one round of <paramref name="cell"/> shares (role, CPU and transport arguments are added per peer).</summary>
    public static PeerOptions Options(CellPlan cell, int timeoutMs) => new()
    {
        Transport = cell.Transport,
        Workload = cell.Workload.ToPeerWorkload(),
        Size = cell.Size,
        Count = cell.RoundCount,
        Warmup = cell.Warmup,
        TimeoutMs = timeoutMs,
        Wait = cell.Transport.HasRing() ? cell.Wait : WaitStrategy.None,
        Yield = cell.Yield,
    };

    /// <summary>The CPUs a cell's peers run on: both pinned ones, or none (every CPU) when not pinned.</summary>
    static IReadOnlyList<int> WatchedCpus(CpuPlacement placement) =>
        placement.ClientCpu < 0 ? [] : placement.Kind == Placement.Same ? [placement.ClientCpu] : [placement.ClientCpu, placement.ServerCpu];

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

    void AddRound(CellPlan cell, CellRounds into, DoneRecord server, DoneRecord client,
        string samplesPath, RoundInterference interference)
    {
        var usage = (Client: PeerUsage.FromDone(client), Server: PeerUsage.FromDone(server));
        into.NoteJit(client.Jit, server.Jit);
        into.NoteJitWindow(client.JitWindow, server.JitWindow);
        if (cell.Workload == Workload.Latency)
        {
            long n = client.Samples ?? throw new CellFailedException("client's DONE lacks samples");
            if (n != cell.RoundCount)
                throw new CellFailedException($"client reported {n} samples, {cell.RoundCount} were asked for");
            into.AddLatencyRound(SamplesFile.Read(samplesPath, cell.RoundCount), usage.Client, usage.Server, interference);
        }
        else
        {
            if (server.Messages != cell.RoundCount)
                throw new CellFailedException($"server received {server.Messages} timed messages, {cell.RoundCount} were sent");
            into.AddThroughputRound(server.Bytes, server.Messages, server.ElapsedNs, usage.Client, usage.Server, interference);
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

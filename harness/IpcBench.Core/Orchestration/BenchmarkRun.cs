using System.Runtime.InteropServices;
using IpcBench.Env;
using IpcBench.Measurement;
using IpcBench.Results;
using IpcBench.Transports;

namespace IpcBench.Orchestration;

/// <summary>What a run reports while it goes, for a progress bar or a log.</summary>
public interface IRunProgress
{
    void Planned(int cells);
    void CellStarted(string label);
    void CellFinished(string label, CellResult result);
}

/// <summary>
/// The whole of `ipcbench run`: the matrix of cells one after another, then the floors, then the
/// copy model, into one RunResult. Ctrl-C and SIGTERM stop it cleanly: the running cell's peers
/// are killed, its named objects and the run directory removed, and the run reports what it has.
/// </summary>
public sealed class BenchmarkRun(RunRequest request, IRunProgress? progress = null)
{
    /// <summary>Set when Ctrl-C or SIGTERM cut the run short.</summary>
    public bool Interrupted => InterruptSignal is not null;

    /// <summary>The signal that cut the run short (SIGINT or SIGTERM), if one did.</summary>
    public PosixSignal? InterruptSignal { get; private set; }

    public RunResult Execute(string? commandLine, CancellationToken cancel = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        void Stop(PosixSignalContext ctx)
        {
            ctx.Cancel = true;
            InterruptSignal ??= ctx.Signal;
            cts.Cancel();
        }

        var started = DateTimeOffset.UtcNow;
        var placementKind = request.Placement;
        // Captured before the cells, so it describes the machine the numbers were taken on.
        var environment = EnvironmentInfo.Capture(request.Profile.Name, placementKind.Name());
        var placement = CpuPlacement.Choose(request.Placement);
        var plan = request.Plan(placement);
        var cells = new List<CellResult>();
        var floors = new FloorResults();
        using (var dir = new RunDirectory())
        {
            var runner = new CellRunner(dir, request.Timeout);
            progress?.Planned(plan.Count + (request.Floors ? 1 : 0));
            foreach (var cell in plan)
            {
                if (cts.IsCancellationRequested)
                {
                    cells.Add(CellRunner.Outcome(cell, CellStatus.Skipped, "not run: the run was interrupted"));
                    continue;
                }
                progress?.CellStarted(cell.Label);
                var result = runner.Run(cell, cts.Token);
                if (cts.IsCancellationRequested && result.Status != CellStatus.Ok)
                    result = result with { Status = CellStatus.Failed, Reason = "interrupted (Ctrl-C or SIGTERM)" };
                cells.Add(result);
                progress?.CellFinished(cell.Label, result);
            }
            if (request.Floors && !cts.IsCancellationRequested)
            {
                progress?.CellStarted("floors: memcpy, own work, cross-CPU hand-off, cache-line ping-pong");
                floors = MeasureFloors(dir, placement, cts.Token);
            }
        }
        var copyModel = CopyModelFitter.Fit(cells, floors);
        return new RunResult
        {
            ToolVersion = environment.ToolVersion ?? "unknown",
            RunId = ResultFiles.NewRunId(started, environment.Hostname),
            StartedUtc = started,
            FinishedUtc = DateTimeOffset.UtcNow,
            Environment = environment,
            Settings = Settings(commandLine, placement),
            Cells = cells,
            Floors = floors,
            CopyModel = copyModel,
        };
    }

    FloorResults MeasureFloors(RunDirectory dir, CpuPlacement placement, CancellationToken cancel)
    {
        var floors = new FloorRunner(dir, request.Timeout);
        var sizes = request.AllSizes;
        var memcpy = sizes.Select(s => floors.SizeFloor("memcpy", s, placement, cancel)).ToList();
        var own = sizes.Select(s => floors.SizeFloor("own", s, placement, cancel)).ToList();
        var handoff = sizes.Select((s, i) => floors.Handoff(s, placement, i, cancel)).ToList();
        int reps = request.RepetitionsOrDefault;
        int count = request.Count ?? request.Profile.Count(latency: true, 64);
        var cacheline = floors.Cacheline(placement, (count + reps - 1) / reps * reps, request.Warmup ?? request.Profile.Warmup(true, 64), reps, cancel);
        return new FloorResults { Memcpy = memcpy, Own = own, Handoff = handoff, Cacheline = [cacheline] };
    }

    RunSettings Settings(string? commandLine, CpuPlacement placement) => new()
    {
        Profile = request.Count is null && request.Warmup is null && request.Repetitions is null ? request.Profile.Name : "custom",
        Placements = [placement.Kind],
        Sizes = request.AllSizes.Select(s => (long)s).ToList(),
        Transports = request.Transports.Select(t => t.ToName()).ToList(),
        Waits = request.Waits.Select(w => w.ToName()).ToList(),
        PeerPairs = request.Peers.Select(p => p.Name).ToList(),
        Workloads = request.Workloads,
        LatencyCount = request.Count ?? request.Profile.Count(latency: true, 64),
        ThroughputCount = request.Count ?? request.Profile.Count(latency: false, 64),
        Warmup = request.Warmup ?? request.Profile.Warmup(true, 64),
        Repetitions = request.RepetitionsOrDefault,
        TimeoutMs = (int)request.Timeout.TotalMilliseconds,
        CellTimeoutMs = (int)request.Timeout.TotalMilliseconds,
        Cpus = placement.ClientCpu < 0 ? [] : placement.Kind == Placement.Same ? [placement.ClientCpu] : [placement.ClientCpu, placement.ServerCpu],
        CommandLine = commandLine,
    };
}

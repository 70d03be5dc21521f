using System.Runtime.InteropServices;
using IpcBench.Env;
using IpcBench.Measurement;
using IpcBench.Protocol;
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
/// The whole of `ipcbench run`: the matrix in rounds (each round runs every cell once, in a
/// seeded shuffled order; a cell's repetitions are its rounds), then the floors, then the copy
/// model, into one RunResult. Ctrl-C and SIGTERM stop it cleanly: the running cell's peers
/// are killed, its named objects and the run directory removed, and the run reports what it has.
/// </summary>
public sealed class BenchmarkRun(RunRequest request, IRunProgress? progress = null)
{
    /// <summary>Set when Ctrl-C or SIGTERM cut the run short.</summary>
    public bool Interrupted => InterruptSignal is not null;

    /// <summary>The signal that cut the run short (SIGINT or SIGTERM), if one did.</summary>
    public PosixSignal? InterruptSignal { get; private set; }

    public RunResult Execute(string? commandLine, CancellationToken cancel = default) =>
        ExecuteBuilds([null], commandLine, cancel)[0];

    /// <summary>
    /// The matrix once per build (null: this tool's own peers), all builds' cells interleaved in
    /// the same shuffled rounds, so drift over the run falls on every build alike (<c>ipcbench ab</c>).
    /// One result per build, in the order given; the floors are measured once, with this tool's peers.
    /// </summary>
    public IReadOnlyList<RunResult> ExecuteBuilds(IReadOnlyList<PeerBuild?> builds, string? commandLine, CancellationToken cancel = default)
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
        long seed = request.Seed ?? RoundSchedule.NewSeed();
        int perBuild = request.Plan(placement).Count;
        var plans = builds.Select((b, i) => request.Plan(placement, b, i * perBuild)).ToList();
        var rounds = plans.SelectMany(p => p).Select(c => new CellRounds(c)).ToArray();
        int repetitions = request.RepetitionsOrDefault;
        var floors = new FloorResults();
        using (var dir = new RunDirectory())
        {
            var runner = new CellRunner(dir, request.Timeout);
            progress?.Planned(rounds.Length * repetitions + (request.Floors ? repetitions : 0));
            var floorRounds = new List<FloorResults>();
            int round = 0;
            foreach (var order in RoundSchedule.Of(rounds.Length, repetitions, seed))
            {
                round++;
                foreach (int i in order)
                {
                    var cell = rounds[i];
                    if (!cell.Pending || cts.IsCancellationRequested) continue;
                    string label = $"{cell.Cell.Label} (round {round}/{repetitions})";
                    progress?.CellStarted(label);
                    runner.RunRound(cell.Cell, cell, cts.Token);
                    progress?.CellFinished(label, cell.Pending || cell.Rounds == repetitions ? CellRunner.Outcome(cell.Cell, CellStatus.Ok, null) : cell.ToResult());
                }
                // The size floors in every round, like the cells: this VM switches between a fast and a slow state
                // for moving bytes between its two vCPUs (a 64 KiB hand-off 3.5 or 14 µs) within a run, and a floor
                // measured once caught one state while the cells' medians showed the other.
                if (request.Floors && !cts.IsCancellationRequested)
                {
                    progress?.CellStarted($"floors: memcpy, own work, kernel copy, cross-CPU hand-off (round {round}/{repetitions})"
                                          + (round == repetitions ? ", cache-line ping-pong" : ""));
                    floorRounds.Add(MeasureSizeFloors(dir, placement, cts.Token));
                    if (round == repetitions && !cts.IsCancellationRequested)
                        floors = Combine(floorRounds) with { Cacheline = [MeasureCacheline(dir, placement, cts.Token)] };
                }
            }
            if (request.Floors && floors.Cacheline.Count == 0 && floorRounds.Count > 0)
                floors = Combine(floorRounds); // interrupted: what was measured
        }
        var finished = DateTimeOffset.UtcNow;
        bool interrupted = cts.IsCancellationRequested;
        return [.. builds.Select((build, b) =>
        {
            var cells = rounds.Skip(b * perBuild).Take(perBuild).Select(r => r.ToResult(interrupted)).ToList();
            return new RunResult
            {
                ToolVersion = environment.ToolVersion ?? "unknown",
                RunId = ResultFiles.NewRunId(started, environment.Hostname),
                StartedUtc = started,
                FinishedUtc = finished,
                Environment = environment,
                Settings = Settings(commandLine, placement, seed, build),
                Cells = cells,
                Floors = floors,
                CopyModel = CopyModelFitter.Fit(cells, floors),
            };
        })];
    }

    FloorResults MeasureSizeFloors(RunDirectory dir, CpuPlacement placement, CancellationToken cancel)
    {
        var floors = new FloorRunner(dir, request.Timeout);
        var sizes = request.AllSizes;
        var memcpy = sizes.Select(s => floors.SizeFloor("memcpy", s, placement, cancel)).ToList();
        var own = sizes.Select(s => floors.SizeFloor("own", s, placement, cancel)).ToList();
        var handoff = sizes.Select((s, i) => floors.Handoff(s, placement, i, cancel)).ToList();
        var kcopy = sizes.Select(s => floors.SizeFloor(ProtocolNames.KernelCopy, s, placement, cancel)).ToList();
        return new FloorResults { Memcpy = memcpy, Own = own, Handoff = handoff, KernelCopy = kcopy };
    }

    CachelineFloor MeasureCacheline(RunDirectory dir, CpuPlacement placement, CancellationToken cancel)
    {
        int reps = request.RepetitionsOrDefault;
        int count = request.Count ?? request.Profile.Count(latency: true, 64);
        return new FloorRunner(dir, request.Timeout).Cacheline(placement, (count + reps - 1) / reps * reps, request.Warmup ?? request.Profile.Warmup(true, 64), reps, cancel);
    }

    /// <summary>Each size floor as the median of its rounds (<see cref="SizeFloor.OfRounds"/>).</summary>
    static FloorResults Combine(IReadOnlyList<FloorResults> rounds)
    {
        static IReadOnlyList<SizeFloor> Of(IEnumerable<IReadOnlyList<SizeFloor>?> perRound)
        {
            var lists = perRound.Select(l => l ?? []).ToList();
            return [.. lists[0].Select((f, i) => SizeFloor.OfRounds([.. lists.Select(l => l[i])]))];
        }
        return new FloorResults
        {
            Memcpy = Of(rounds.Select(r => r.Memcpy)),
            Own = Of(rounds.Select(r => r.Own)),
            Handoff = Of(rounds.Select(r => r.Handoff)),
            KernelCopy = Of(rounds.Select(r => r.KernelCopy)),
        };
    }

    RunSettings Settings(string? commandLine, CpuPlacement placement, long seed, PeerBuild? build) => new()
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
        Schedule = RunSchedules.Rounds,
        Seed = seed,
        PeerBuild = build?.Directory,
        TimeoutMs = (int)request.Timeout.TotalMilliseconds,
        CellTimeoutMs = (int)request.Timeout.TotalMilliseconds,
        Cpus = placement.ClientCpu < 0 ? [] : placement.Kind == Placement.Same ? [placement.ClientCpu] : [placement.ClientCpu, placement.ServerCpu],
        CommandLine = commandLine,
    };
}

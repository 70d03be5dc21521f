using IpcBench.Results;
using IpcBench.Transports;

namespace IpcBench.Orchestration;

/// <summary>One cell of the matrix, ready to run.</summary>
public sealed record CellPlan(
    int Index,
    TransportKind Transport,
    WaitStrategy Wait,
    PeerPairInfo Peers,
    Workload Workload,
    int Size,
    CpuPlacement Placement,
    int Count,
    int Warmup,
    int Repetitions,
    PeerBuild? Build = null)
{
    /// <summary>Timed messages of one round: the cell's count shared equally by its rounds.</summary>
    public int RoundCount => Count / Repetitions;

    /// <summary>Spin waits yield when both peers may share a CPU.</summary>
    public bool Yield => Wait == WaitStrategy.Spin && Placement.SpinMustYield;

    public string? WaitName => Transport.HasRing() ? Wait.ToName() : null;

    /// <summary>"shm/futex managed-native latency 4K cross", for progress and errors.</summary>
    public string Label =>
        $"{(Build is null ? "" : Build.Name + ": ")}{Transport.ToName()}{(WaitName is null ? "" : "/" + WaitName)} {Peers.Name} {Workload.Name()} {Util.SizeParser.Format(Size)} {Placement.Name}";
}

/// <summary>What `ipcbench run` was asked to measure.</summary>
public sealed record RunRequest
{
    public IReadOnlyList<TransportKind> Transports { get; init; } =
        [TransportKind.Pipe, TransportKind.Fifo, TransportKind.Mq, TransportKind.Shm, TransportKind.MmapFile, TransportKind.Uds];
    public IReadOnlyList<WaitStrategy> Waits { get; init; } = [WaitStrategy.Spin, WaitStrategy.Futex];
    public IReadOnlyList<PeerPairInfo> Peers { get; init; } = PeerSpec.Defaults;
    public IReadOnlyList<Workload> Workloads { get; init; } = [Workload.Latency, Workload.Throughput];
    public IReadOnlyList<int> Sizes { get; init; } = Util.SizeParser.DefaultSizes.Select(s => (int)s).ToList();
    public Placement Placement { get; init; } = CpuPlacement.DefaultKind();
    public Profile Profile { get; init; } = Profile.Quick;
    /// <summary>Overrides the profile's timed message count (all sizes).</summary>
    public int? Count { get; init; }
    /// <summary>Overrides the profile's warm-up count.</summary>
    public int? Warmup { get; init; }
    /// <summary>Overrides the profile's repetitions.</summary>
    public int? Repetitions { get; init; }
    /// <summary>Bound on each wait of a peer and on each step of a cell.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Measure the floors (memcpy, own work, hand-off, cache-line ping-pong) after the matrix.</summary>
    public bool Floors { get; init; } = true;
    /// <summary>
    /// Sizes a transport runs besides <see cref="Sizes"/> (the default matrix adds mq sizes up to the queue's
    /// message limit, see MqLimits.DefaultMatrixSizes); empty when the sizes were given.
    /// </summary>
    public IReadOnlyDictionary<TransportKind, IReadOnlyList<int>> ExtraSizes { get; init; } = new Dictionary<TransportKind, IReadOnlyList<int>>();

    /// <summary>The sizes of one transport's cells: <see cref="Sizes"/> and its extra sizes, ascending when there are extras.</summary>
    public IReadOnlyList<int> SizesOf(TransportKind transport) =>
        ExtraSizes.TryGetValue(transport, out var extra) && extra.Count > 0 ? [.. Sizes.Union(extra).Order()] : Sizes;

    /// <summary>Every size some cell runs (the floors are measured at each).</summary>
    public IReadOnlyList<int> AllSizes => [.. Transports.SelectMany(SizesOf).Union(Sizes).Distinct().Order()];

    /// <summary>Seed of the rounds' shuffled order (<see cref="RoundSchedule"/>); null draws one, recorded in the result.</summary>
    public long? Seed { get; init; }


    public int RepetitionsOrDefault => Repetitions ?? Profile.Repetitions;

    /// <summary>The matrix: transport (x wait for rings) x peer pair x workload x size.</summary>
    public IReadOnlyList<CellPlan> Plan(CpuPlacement placement, PeerBuild? build = null, int firstIndex = 0)
    {
        var cells = new List<CellPlan>();
        foreach (var transport in Transports)
        foreach (var wait in transport.HasRing() ? Waits : [WaitStrategy.None])
        foreach (var peers in Peers)
        foreach (var workload in Workloads)
        foreach (var size in SizesOf(transport))
        {
            bool latency = workload == Workload.Latency;
            int reps = RepetitionsOrDefault;
            int count = Count is int c ? (c + reps - 1) / reps * reps : Profile.Count(latency, size);
            int warmup = Warmup ?? Profile.Warmup(latency, size);
            // The throughput receiver times from the end of the warm-up, so it needs one.
            if (!latency) warmup = Math.Max(1, warmup);
            cells.Add(new CellPlan(firstIndex + cells.Count, transport, wait, peers, workload, size, placement, count, warmup, reps, build));
        }
        return cells;
    }
}

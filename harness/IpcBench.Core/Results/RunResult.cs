using IpcBench.Env;

namespace IpcBench.Results;

/// <summary>
/// Everything one <c>ipcbench run</c> produced: the root of the JSON result file
/// (schema documented in results/schema/run-v2.md).
/// </summary>
public sealed record RunResult
{
    /// <summary>Identifies the file type; always <see cref="ResultJson.Kind"/>.</summary>
    public string Kind { get; init; } = ResultJson.Kind;
    /// <summary>Major schema version; <see cref="ResultJson.SchemaVersion"/> for files this build writes.</summary>
    public int SchemaVersion { get; init; } = ResultJson.SchemaVersion;
    /// <summary>Same as environment.tool_version (repeated at the top for quick inspection).</summary>
    public required string ToolVersion { get; init; }
    /// <summary>Unique run id, also the base name of the output files: "20250102T030405Z-host-1a2b3c".</summary>
    public required string RunId { get; init; }
    public required DateTimeOffset StartedUtc { get; init; }
    public DateTimeOffset? FinishedUtc { get; init; }

    public required EnvironmentInfo Environment { get; init; }
    public required RunSettings Settings { get; init; }

    /// <summary>Every planned cell, in plan order, whatever its status.</summary>
    public IReadOnlyList<CellResult> Cells { get; init; } = [];
    public FloorResults Floors { get; init; } = new();
    public IReadOnlyList<CopyModelEntry> CopyModel { get; init; } = [];

    /// <summary>Counts of cells by status (computed from <see cref="Cells"/> when written).</summary>
    public RunSummary Summary => RunSummary.Of(Cells);
}

/// <summary>What was asked for.</summary>
public sealed record RunSettings
{
    /// <summary>Named profile ("quick", "standard", ...) or "custom".</summary>
    public required string Profile { get; init; }
    public IReadOnlyList<Placement> Placements { get; init; } = [];
    /// <summary>Message sizes in bytes, header included.</summary>
    public IReadOnlyList<long> Sizes { get; init; } = [];
    public IReadOnlyList<string> Transports { get; init; } = [];
    /// <summary>shm, mmap-file wait strategies measured: "spin", "futex".</summary>
    public IReadOnlyList<string> Waits { get; init; } = [];
    /// <summary>Peer pair names, e.g. "managed-managed", "native:x86_64-native:i686".</summary>
    public IReadOnlyList<string> PeerPairs { get; init; } = [];
    public IReadOnlyList<Workload> Workloads { get; init; } = [];
    /// <summary>Timed round trips per latency repetition.</summary>
    public long LatencyCount { get; init; }
    /// <summary>Timed messages per throughput repetition.</summary>
    public long ThroughputCount { get; init; }
    /// <summary>Untimed warm-up messages per repetition.</summary>
    public long Warmup { get; init; }
    /// <summary>Repetitions per cell: the rounds of the run (schema 1: equal consecutive blocks of one timed phase).</summary>
    public int Repetitions { get; init; } = 1;
    /// <summary>"rounds": each round ran every cell once in a shuffled order; "blocks": schema 1's consecutive blocks.</summary>
    public string Schedule { get; init; } = RunSchedules.Rounds;
    /// <summary>Seed of the rounds' shuffled order (reproduce with --seed); null for schema 1.</summary>
    public long? Seed { get; init; }
    /// <summary>The build folder whose peers ran the cells (<c>ipcbench ab</c>); null for the tool's own peers.</summary>
    public string? PeerBuild { get; init; }
    /// <summary>Bound on every single wait inside a peer (--timeout-ms).</summary>
    public int TimeoutMs { get; init; }
    /// <summary>Bound on a whole cell, spawn to exit.</summary>
    public int CellTimeoutMs { get; init; }
    /// <summary>CPUs used for pinning: [client, server] for cross, [both] for same; empty when not pinned.</summary>
    public IReadOnlyList<int> Cpus { get; init; } = [];
    /// <summary>The command line as given (for reproduction); null if unknown.</summary>
    public string? CommandLine { get; init; }
}

/// <summary>How many cells ended how.</summary>
public sealed record RunSummary
{
    public int Cells { get; init; }
    public int Ok { get; init; }
    public int Failed { get; init; }
    public int Skipped { get; init; }

    public static RunSummary Of(IReadOnlyList<CellResult> cells)
    {
        int ok = 0, failed = 0, skipped = 0;
        foreach (var c in cells)
        {
            switch (c.Status)
            {
                case CellStatus.Ok: ok++; break;
                case CellStatus.Failed: failed++; break;
                default: skipped++; break;
            }
        }
        return new RunSummary { Cells = cells.Count, Ok = ok, Failed = failed, Skipped = skipped };
    }
}

/// <summary>The values of <see cref="RunSettings.Schedule"/>.</summary>
public static class RunSchedules
{
    public const string Rounds = "rounds";
    public const string Blocks = "blocks";
}

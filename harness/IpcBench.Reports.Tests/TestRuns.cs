using IpcBench.Env;
using IpcBench.Measurement;
using IpcBench.Results;

namespace IpcBench.Reports.Tests;

/// <summary>Run results built in code: cells with chosen per-repetition values, floors, a copy model.</summary>
internal static class TestRuns
{
    public static readonly PeerPairInfo NativeNative = PeerPairInfo.Of(PeerInfo.Native(), PeerInfo.Native());
    public static readonly PeerPairInfo ManagedManaged = PeerPairInfo.Of(PeerInfo.Managed, PeerInfo.Managed);

    /// <summary>A latency cell whose repetitions are the given median round trips (ns).</summary>
    public static CellResult Latency(string transport, long size, double[] repetitions, string? wait = null,
        PeerPairInfo? peers = null, Placement placement = Placement.Cross)
    {
        double p50 = Median(repetitions);
        return new CellResult
        {
            Transport = transport, Wait = wait, Peers = peers ?? NativeNative, Workload = Workload.Latency, Size = size,
            Placement = placement, ClientCpu = 0, ServerCpu = 1, Status = CellStatus.Ok, Verified = true,
            Messages = 1000L * repetitions.Length, Warmup = 100, Repetitions = repetitions,
            Latency = new LatencyStats
            {
                Count = 1000L * repetitions.Length, MinNs = (long)(p50 * 0.9), P50Ns = (long)p50, P90Ns = (long)(p50 * 1.2),
                P99Ns = (long)(p50 * 2), P999Ns = (long)(p50 * 4), MaxNs = (long)(p50 * 10), MeanNs = p50 * 1.1, StddevNs = p50 * 0.2,
            },
        };
    }

    /// <summary>A throughput cell whose repetitions are the given MB/s.</summary>
    public static CellResult Throughput(string transport, long size, double[] repetitions, string? wait = null,
        PeerPairInfo? peers = null, Placement placement = Placement.Cross)
    {
        double mbps = Median(repetitions);
        return new CellResult
        {
            Transport = transport, Wait = wait, Peers = peers ?? NativeNative, Workload = Workload.Throughput, Size = size,
            Placement = placement, ClientCpu = 0, ServerCpu = 1, Status = CellStatus.Ok, Verified = true,
            Messages = 5000, Warmup = 100, Repetitions = repetitions,
            Throughput = new ThroughputStats
            {
                MbPerS = mbps, MsgPerS = mbps * 1e6 / size, Bytes = 5000 * size, Messages = 5000,
                ElapsedNs = (long)(5000 * size / mbps * 1000),
            },
        };
    }

    public static CellResult NotOk(CellResult cell, CellStatus status, string reason) => cell with
    {
        Status = status, Reason = reason, Verified = false, Repetitions = [], Latency = null, Throughput = null, Messages = 0,
    };

    /// <summary>Five repetitions spread ±1 % around <paramref name="centre"/>.</summary>
    public static double[] Around(double centre) => [centre * 0.99, centre * 0.995, centre, centre * 1.005, centre * 1.01];

    public static RunResult Run(IReadOnlyList<CellResult> cells, string runId = "20250102T030405Z-testhost-abc123",
        string kernel = "6.8.0-45-generic", string? commit = "0123456789abcdef0123456789abcdef01234567",
        DateTimeOffset? started = null, bool withFloors = false)
    {
        var sizes = cells.Select(c => c.Size).Distinct().Order().ToArray();
        var floors = withFloors
            ? new FloorResults
            {
                Memcpy = [.. sizes.Select(s => SizeFloor.Measured(s, s * 0.05 + 2))],
                Own = [.. sizes.Select(s => SizeFloor.Measured(s, s * 0.1 + 5))],
                Handoff = [.. sizes.Select(s => SizeFloor.Measured(s, s * 0.08 + 50))],
            }
            : new FloorResults();
        var at = started ?? new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        return new RunResult
        {
            ToolVersion = "0.1.0",
            RunId = runId,
            StartedUtc = at,
            FinishedUtc = at.AddMinutes(1),
            Environment = new EnvironmentInfo
            {
                CapturedUtc = at, ToolVersion = "0.1.0", GitCommit = commit, Hostname = "testhost", KernelRelease = kernel,
                Machine = "x86_64", CpuModel = "AMD EPYC 7763 64-Core Processor", CpuCount = 4, CpusAvailable = 4, PageSize = 4096,
                Distribution = "Ubuntu 24.04.1 LTS",
            },
            Settings = new RunSettings
            {
                Profile = "quick", Placements = [Placement.Cross], Sizes = sizes,
                Transports = [.. cells.Select(c => c.Transport).Distinct()],
                PeerPairs = [.. cells.Select(c => c.Peers.Name).Distinct()],
                Workloads = [.. cells.Select(c => c.Workload).Distinct()], Repetitions = 5,
            },
            Cells = cells,
            Floors = floors,
            CopyModel = withFloors ? CopyModelFitter.Fit(cells, floors) : [],
        };
    }

    static double Median(double[] v)
    {
        var s = v.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}

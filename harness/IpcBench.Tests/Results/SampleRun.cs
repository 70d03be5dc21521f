using IpcBench.Env;
using IpcBench.Measurement;
using IpcBench.Results;

namespace IpcBench.Tests.Results;

/// <summary>A small but complete run result: every status, both workloads, floors, a copy model.</summary>
internal static class SampleRun
{
    public static RunResult Create()
    {
        var nn = PeerPairInfo.Of(PeerInfo.Native(), PeerInfo.Native());
        var mixed = PeerPairInfo.Of(PeerInfo.Native("x86_64"), PeerInfo.Native("i686"));
        var cost = new MessageCost { CpuUserNs = 1200.5, CpuSysNs = 3400.25, CpuNs = 4600.75, Vcsw = 2.0, Ivcsw = 0.01 };
        CellResult Latency(string transport, long size, long p50, string? wait = null) => new()
        {
            Transport = transport, Wait = wait, Peers = nn, Workload = Workload.Latency, Size = size,
            Placement = Placement.Cross, ClientCpu = 0, ServerCpu = 1, Status = CellStatus.Ok, Verified = true,
            Messages = 20_000, Warmup = 1000, Repetitions = [p50 - 3, p50 + 0.5],
            Latency = new LatencyStats
            {
                Count = 20_000, MinNs = p50 - 500, P50Ns = p50, P90Ns = p50 + 100, P99Ns = p50 + 900,
                P999Ns = p50 + 5000, MaxNs = p50 + 40_000, MeanNs = p50 + 55.125, StddevNs = 321.5,
            },
            CostPerMessage = cost, ClientCostPerMessage = cost, ServerCostPerMessage = cost, DurationMs = 812.5,
        };
        var cells = new List<CellResult>
        {
            Latency("pipe", 64, 4032),
            Latency("pipe", 1048576, 4000 + 524288),
            Latency("shm", 64, 412, "spin"),
            Latency("shm", 1048576, 400 + 104858, "spin"),
            new()
            {
                Transport = "pipe", Peers = nn, Workload = Workload.Throughput, Size = 65536, Placement = Placement.Cross,
                ClientCpu = 0, ServerCpu = 1, Status = CellStatus.Ok, Verified = true, Messages = 40_000, Warmup = 100,
                Repetitions = [3012.5, 2998.25],
                Throughput = new ThroughputStats { MbPerS = 3005.4, MsgPerS = 45_858.3, Bytes = 2_621_440_000, Messages = 40_000, ElapsedNs = 872_243_000 },
                CostPerMessage = cost,
            },
            new()
            {
                Transport = "mq", Peers = mixed, Workload = Workload.Latency, Size = 1048576, Placement = Placement.Cross,
                Status = CellStatus.Skipped,
                Reason = "size 1M exceeds /proc/sys/fs/mqueue/msgsize_max (8192); raise it with sysctl fs.mqueue.msgsize_max=1048576",
            },
            new()
            {
                Transport = "fifo", Wait = null, Yield = false, Peers = nn, Workload = Workload.Latency, Size = 4096, Placement = Placement.Same,
                Status = CellStatus.Failed, Reason = "client: ERROR verify: message 17, checksum 0x1 != 0x2, \"quoted\" | piped",
                Messages = 0,
            },
        };
        var floors = new FloorResults
        {
            Memcpy = [SizeFloor.Measured(64, 4.0, cpu: 0), SizeFloor.Measured(1048576, 131072.0, cpu: 0)],
            Own = [SizeFloor.Measured(64, 10.0), SizeFloor.NotMeasured(1048576, CellStatus.Failed, "peer timed out")],
            Handoff =
            [
                SizeFloor.Measured(64, 60.0, cpu: 0) with { PeerCpu = 1, BytesVerified = 64_000 },
                SizeFloor.Measured(1048576, 26_000.0, cpu: 0) with { PeerCpu = 1, BytesVerified = 1_048_576_000 },
            ],
            Cacheline =
            [
                new CachelineFloor
                {
                    Placement = Placement.Cross, Status = CellStatus.Ok, ClientCpu = 0, ServerCpu = 1, Messages = 100_000,
                    Repetitions = [180.0],
                    Latency = new LatencyStats { Count = 100_000, MinNs = 150, P50Ns = 180, P90Ns = 190, P99Ns = 250, P999Ns = 900, MaxNs = 12_000, MeanNs = 185.5 },
                },
            ],
        };
        var env = EnvironmentCapture.Capture("quick", "cross,same", new EnvironmentCapture.Sources { AskGit = false }) with
        {
            CapturedUtc = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
            GitCommit = "0123456789abcdef0123456789abcdef01234567",
            GitDirty = false,
        };
        return new RunResult
        {
            ToolVersion = "0.1.0",
            RunId = "20250102T030405Z-testhost-abc123",
            StartedUtc = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
            FinishedUtc = new DateTimeOffset(2025, 1, 2, 3, 9, 0, 123, TimeSpan.Zero),
            Environment = env,
            Settings = new RunSettings
            {
                Profile = "quick",
                Placements = [Placement.Cross, Placement.Same],
                Sizes = [64, 4096, 65536, 1048576],
                Transports = ["pipe", "fifo", "mq", "shm"],
                Waits = ["spin"],
                PeerPairs = ["native-native", "native:x86_64-native:i686"],
                Workloads = [Workload.Latency, Workload.Throughput],
                LatencyCount = 10_000, ThroughputCount = 20_000, Warmup = 1000, Repetitions = 2,
                TimeoutMs = 30_000, CellTimeoutMs = 30_000, Cpus = [0, 1],
                CommandLine = "ipcbench run --profile quick",
            },
            Cells = cells,
            Floors = floors,
            CopyModel = CopyModelFitter.Fit(cells, floors),
        };
    }
}

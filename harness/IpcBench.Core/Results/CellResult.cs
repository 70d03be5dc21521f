namespace IpcBench.Results;

/// <summary>One side of a peer pair.</summary>
public sealed record PeerInfo
{
    public required PeerImpl Impl { get; init; }
    /// <summary>"x86_64", "i686" or "i686-lfs" (the managed peer is "x86_64").</summary>
    public required string Abi { get; init; }

    public static PeerInfo Managed { get; } = new() { Impl = PeerImpl.Managed, Abi = Protocol.ProtocolNames.AbiX86_64 };
    public static PeerInfo Native(string abi = Protocol.ProtocolNames.AbiX86_64) => new() { Impl = PeerImpl.Native, Abi = abi };

    /// <summary>"managed", "native" or, with <paramref name="withAbi"/>, "native:i686".</summary>
    public string ShortName(bool withAbi) => withAbi ? $"{Impl.Name()}:{Abi}" : Impl.Name();
}

/// <summary>Which implementations talk in a cell: client (asks/sends) and server (answers/receives).</summary>
public sealed record PeerPairInfo
{
    public required PeerInfo Client { get; init; }
    public required PeerInfo Server { get; init; }

    /// <summary>
    /// "client-server": "managed-managed", "native-native", "managed-native" when both ABIs are
    /// x86_64; otherwise both sides carry their ABI, e.g. "native:x86_64-native:i686".
    /// </summary>
    public string Name
    {
        get
        {
            bool withAbi = Client.Abi != Protocol.ProtocolNames.AbiX86_64 || Server.Abi != Protocol.ProtocolNames.AbiX86_64;
            return $"{Client.ShortName(withAbi)}-{Server.ShortName(withAbi)}";
        }
    }

    public static PeerPairInfo Of(PeerInfo client, PeerInfo server) => new() { Client = client, Server = server };

    /// <summary>Parses a <see cref="Name"/> back ("managed-native", "native:x86_64-native:i686").</summary>
    public static PeerPairInfo Parse(string name)
    {
        // Split at the '-' that starts the server side: the first '-' followed by "managed" or "native".
        int split = -1;
        for (int i = name.IndexOf('-'); i >= 0; i = name.IndexOf('-', i + 1))
        {
            var rest = name.AsSpan(i + 1);
            if (rest.StartsWith("managed", StringComparison.Ordinal) || rest.StartsWith("native", StringComparison.Ordinal))
            {
                split = i;
                break;
            }
        }
        if (split < 0)
            throw new FormatException($"not a peer pair: '{name}' (expected e.g. managed-native or native:x86_64-native:i686)");
        return Of(ParsePeer(name[..split], name), ParsePeer(name[(split + 1)..], name));
    }

    private static PeerInfo ParsePeer(string s, string whole)
    {
        int colon = s.IndexOf(':');
        string impl = colon < 0 ? s : s[..colon];
        string abi = colon < 0 ? Protocol.ProtocolNames.AbiX86_64 : s[(colon + 1)..];
        if (abi.Length == 0)
            throw new FormatException($"not a peer pair: '{whole}' (empty ABI)");
        return impl switch
        {
            Protocol.ProtocolNames.ImplManaged when abi == Protocol.ProtocolNames.AbiX86_64 => PeerInfo.Managed,
            Protocol.ProtocolNames.ImplManaged => throw new FormatException($"not a peer pair: '{whole}' (the managed peer is x86_64 only)"),
            Protocol.ProtocolNames.ImplNative => PeerInfo.Native(abi),
            _ => throw new FormatException($"not a peer pair: '{whole}' (implementation must be managed or native)"),
        };
    }

    public override string ToString() => Name;
}

/// <summary>
/// One measured (or failed, or skipped) cell: transport x wait x peer pair x workload x size x placement.
/// </summary>
public sealed record CellResult
{
    // ---- identity ----
    /// <summary>"pipe", "fifo", "mq", "shm", "mmap-file", "uds".</summary>
    public required string Transport { get; init; }
    /// <summary>shm, mmap-file: "spin" or "futex"; null for the other transports.</summary>
    public string? Wait { get; init; }
    /// <summary>Spin waits called sched_yield() on every failed poll (--yield).</summary>
    public bool Yield { get; init; }
    public required PeerPairInfo Peers { get; init; }
    public required Workload Workload { get; init; }
    /// <summary>Message size in bytes, 16-byte header included.</summary>
    public required long Size { get; init; }
    public required Placement Placement { get; init; }
    /// <summary>CPU the client was pinned to; null when not pinned.</summary>
    public int? ClientCpu { get; init; }
    /// <summary>CPU the server was pinned to; null when not pinned.</summary>
    public int? ServerCpu { get; init; }

    /// <summary>
    /// Stable identity used to match cells across runs:
    /// transport[/wait[+yield]]|peers|workload|size|placement.
    /// </summary>
    public string Key => CellKey.Of(Transport, Wait, Yield, Peers.Name, Workload, Size, Placement);

    // ---- outcome ----
    public required CellStatus Status { get; init; }
    /// <summary>Why the cell failed or was skipped (one line); null when ok.</summary>
    public string? Reason { get; init; }
    /// <summary>Every timed message was received intact (seq, size, every body byte). True only when ok.</summary>
    public bool Verified { get; init; }

    // ---- volume ----
    /// <summary>Timed messages over all repetitions (latency: round trips; throughput: one-way messages).</summary>
    public long Messages { get; init; }
    /// <summary>Untimed warm-up messages per repetition.</summary>
    public long Warmup { get; init; }
    /// <summary>
    /// One value per repetition, in round order: latency = median round trip in ns of that
    /// round; throughput = MB/s of that round. Kept for regression tests across runs.
    /// (Schema 1: consecutive blocks of one peer process instead of rounds.)
    /// </summary>
    public IReadOnlyList<double> Repetitions { get; init; } = [];
    /// <summary>The statistic the cell is judged by (<see cref="CellStatistics"/>); null when not measured.</summary>
    public string? Statistic { get; init; }
    /// <summary>Both peers' CPU time per timed message (ns) of each round, in round order: beside wall time for blocking transports.</summary>
    public IReadOnlyList<double> RoundCpuNs { get; init; } = [];
    /// <summary>What else ran on the peers' CPUs while the cell was measured; null when not measured (or schema 1).</summary>
    public Interference? Interference { get; init; }
    /// <summary>How the client's timed code was compiled, from its DONE <c>jit</c>: "native" (C), "full-opt" (managed,
    /// tiered compilation off: no timed message in unoptimised code) or "ao-loops" (tiering on, hot loops
    /// AggressiveOptimization); null when not measured or not reported (schema 1).</summary>
    public string? ClientJit { get; init; }
    /// <summary>The same for the server.</summary>
    public string? ServerJit { get; init; }
    /// <summary>Managed client: methods JIT-compiled on its measuring thread inside the timed phases, summed over the
    /// rounds (DONE jit_window); 0 when the warm-up left nothing to compile, null for the native peer or schema 1.</summary>
    public long? ClientJitInWindow { get; init; }
    /// <summary>The same for the server.</summary>
    public long? ServerJitInWindow { get; init; }
    /// <summary>What <see cref="Repetitions"/> holds: "median_rtt_ns" (latency) or "mb_per_s" (throughput).</summary>
    public string RepetitionMetric => Workload == Workload.Latency ? "median_rtt_ns" : "mb_per_s";

    // ---- results ----
    /// <summary>Latency cells only; null otherwise or when not ok.</summary>
    public LatencyStats? Latency { get; init; }
    /// <summary>Throughput cells only; null otherwise or when not ok.</summary>
    public ThroughputStats? Throughput { get; init; }
    /// <summary>Both peers together, per timed message (latency: per round trip).</summary>
    public MessageCost? CostPerMessage { get; init; }
    public MessageCost? ClientCostPerMessage { get; init; }
    public MessageCost? ServerCostPerMessage { get; init; }

    /// <summary>Wall time the cell took, spawn to exit (ms); null if not recorded.</summary>
    public double? DurationMs { get; init; }
}

public static class CellKey
{
    public static string Of(string transport, string? wait, bool yield, string peers, Workload workload, long size, Placement placement)
    {
        string t = wait is null ? transport : $"{transport}/{wait}{(yield ? "+yield" : "")}";
        return $"{t}|{peers}|{workload.Name()}|{size}|{placement.Name()}";
    }
}

using IpcBench.Util;

namespace IpcBench.Orchestration;

/// <summary>
/// How many messages a cell moves. Counts scale down with size so each cell moves a bounded
/// number of bytes: small messages get many samples (their costs are per message), large ones
/// enough to reach a steady state without making the matrix slow.
/// </summary>
public sealed record Profile(string Name, long LatencyBytes, int LatencyMin, int LatencyMax,
    long ThroughputBytes, int ThroughputMin, int ThroughputMax, int Repetitions)
{
    /// <summary>The default: the full default matrix in well under a minute on 2 cores.</summary>
    public static readonly Profile Quick = new("quick", 8L << 20, 50, 1500, 32L << 20, 100, 20_000, 5);

    /// <summary>More messages and repetitions, for numbers worth keeping.</summary>
    public static readonly Profile Full = new("full", 256L << 20, 500, 50_000, 1L << 30, 1000, 500_000, 10);

    public static Profile Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "quick" => Quick,
        "full" => Full,
        _ => throw new UsageException($"unknown profile '{name}': expected quick or full"),
    };

    /// <summary>Timed messages of a cell, a multiple of the repetitions so each has the same share.</summary>
    public int Count(bool latency, long size)
    {
        long bytes = latency ? LatencyBytes : ThroughputBytes;
        int min = latency ? LatencyMin : ThroughputMin, max = latency ? LatencyMax : ThroughputMax;
        long n = Math.Clamp(bytes / size, min, max);
        return (int)((n + Repetitions - 1) / Repetitions * Repetitions);
    }

    /// <summary>Untimed warm-up messages: a tenth of the timed ones, at least 20.</summary>
    public int Warmup(bool latency, long size) => Math.Max(20, Count(latency, size) / 10);
}

namespace IpcBench.Results;

/// <summary>
/// Round-trip latency of a cell (all repetitions merged), in nanoseconds.
/// Percentiles come from an HdrHistogram with 3 significant digits (so within 0.1 % of the
/// exact sample value); <see cref="MinNs"/>, <see cref="MaxNs"/>, <see cref="MeanNs"/> and
/// <see cref="StddevNs"/> are exact, computed from the raw samples.
/// </summary>
public sealed record LatencyStats
{
    /// <summary>Number of round-trip samples.</summary>
    public required long Count { get; init; }
    public required long MinNs { get; init; }
    public required long P50Ns { get; init; }
    public required long P90Ns { get; init; }
    public required long P99Ns { get; init; }
    public required long P999Ns { get; init; }
    public required long MaxNs { get; init; }
    public required double MeanNs { get; init; }
    /// <summary>Population standard deviation of the samples.</summary>
    public double StddevNs { get; init; }
}

/// <summary>
/// Throughput of a cell, timed at the receiver, all repetitions merged
/// (total bytes / total elapsed time). MB = 10^6 bytes. Bytes are whole messages, header included.
/// </summary>
public sealed record ThroughputStats
{
    public required double MbPerS { get; init; }
    public required double MsgPerS { get; init; }
    /// <summary>Timed bytes received, all repetitions.</summary>
    public required long Bytes { get; init; }
    /// <summary>Timed messages received, all repetitions.</summary>
    public required long Messages { get; init; }
    /// <summary>Receiver's timed phase, summed over repetitions.</summary>
    public required long ElapsedNs { get; init; }
}

/// <summary>
/// What one timed message costs in CPU time and context switches (getrusage of the timed
/// phase divided by the message count). For latency a "message" is one round trip
/// (request + reply), matching the cell's <c>messages</c>.
/// </summary>
public sealed record MessageCost
{
    public required double CpuUserNs { get; init; }
    public required double CpuSysNs { get; init; }
    /// <summary>User + system.</summary>
    public required double CpuNs { get; init; }
    /// <summary>Voluntary context switches (the process blocked).</summary>
    public required double Vcsw { get; init; }
    /// <summary>Involuntary context switches (the process was preempted).</summary>
    public required double Ivcsw { get; init; }
}

namespace IpcBench.Results;

/// <summary>
/// Reference figures measured in the same run by the native x86_64 peer (docs/protocol.md, "Floors").
/// </summary>
public sealed record FloorResults
{
    /// <summary>memcpy of N bytes between two buffers, one entry per run size.</summary>
    public IReadOnlyList<SizeFloor> Memcpy { get; init; } = [];
    /// <summary>Own work per message (fill on the sender, every word checked on the receiver), one entry per run size.</summary>
    public IReadOnlyList<SizeFloor> Own { get; init; } = [];
    /// <summary>
    /// Cross-CPU hand-off, one entry per run size: one process builds a message in place in its direction's shared
    /// buffer and the other verifies it in place, alternating, no kernel; ns per one-direction hand-off on the cells'
    /// placement. Empty in results of schema version 1, which did not measure it.
    /// </summary>
    public IReadOnlyList<SizeFloor> Handoff { get; init; } = [];
    /// <summary>
    /// The kernel's two copies, one entry per run size: one process writes N bytes into a pipe grown to hold them and
    /// reads them back, on one CPU, no wake-up; ns per write + read. Nullable in the schema only so that version 2
    /// results written before it was measured stay valid (absent there; read as empty).
    /// </summary>
    public IReadOnlyList<SizeFloor>? KernelCopy { get; init; } = [];
    /// <summary>Cache-line ping-pong between two native processes, one entry per placement of the run.</summary>
    public IReadOnlyList<CachelineFloor> Cacheline { get; init; } = [];
}

/// <summary>A per-size floor: nanoseconds per operation (best of 5 batches).</summary>
public sealed record SizeFloor
{
    /// <summary>Bytes per operation.</summary>
    public required long Size { get; init; }
    public required CellStatus Status { get; init; }
    public string? Reason { get; init; }
    /// <summary>Nanoseconds per operation (memcpy: one copy; own: one message produced and consumed).</summary>
    public double? Ns { get; init; }
    /// <summary><c>ns / size</c>.</summary>
    public double? NsPerByte { get; init; }
    /// <summary><c>size / ns * 1000</c>: MB/s, MB = 10^6 bytes.</summary>
    public double? MbPerS { get; init; }
    /// <summary>CPU the floor ran on (the hand-off: the writer that starts, the client); null when not pinned.</summary>
    public int? Cpu { get; init; }
    /// <summary>Hand-off only: CPU of the other process (the server); null when not pinned or for one-process floors.</summary>
    public int? PeerCpu { get; init; }
    /// <summary>Hand-off only: bytes moved and checked by the readers over all timed rounds (both directions); null otherwise.</summary>
    public long? BytesVerified { get; init; }
    /// <summary>
    /// The floor measured once per round of the run, like the cells (ns of each ok round, in round order); <see cref="Ns"/>
    /// is their median. Null in results written before floors were measured per round.
    /// </summary>
    public IReadOnlyList<double>? RoundNs { get; init; }

    /// <summary>
    /// One floor from its per-round measurements: the median of the ok rounds (the cells' statistic too, so a machine
    /// that switches between a fast and a slow state during the run moves floors and cells alike), the rounds kept;
    /// failed rounds are named in <see cref="Reason"/>; with no ok round, the first failure.
    /// </summary>
    public static SizeFloor OfRounds(IReadOnlyList<SizeFloor> rounds)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rounds.Count);
        var ok = rounds.Where(r => r.Status == CellStatus.Ok && r.Ns is not null).ToList();
        if (ok.Count == 0)
            return rounds[0];
        var ns = ok.Select(r => r.Ns!.Value).ToList();
        var sorted = ns.Order().ToList();
        double median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        var failed = rounds.Where(r => r.Status != CellStatus.Ok).ToList();
        return Measured(ok[0].Size, median, ok[0].Cpu) with
        {
            PeerCpu = ok[0].PeerCpu,
            BytesVerified = ok.All(r => r.BytesVerified is not null) ? ok.Sum(r => r.BytesVerified!.Value) : null,
            RoundNs = ns,
            Reason = failed.Count == 0 ? null : $"{failed.Count} of {rounds.Count} rounds not measured: {failed[0].Reason}",
        };
    }

    public static SizeFloor Measured(long size, double ns, int? cpu = null) => new()
    {
        Size = size,
        Status = CellStatus.Ok,
        Ns = ns,
        NsPerByte = ns / size,
        MbPerS = ns > 0 ? size / ns * 1000.0 : null,
        Cpu = cpu,
    };

    public static SizeFloor NotMeasured(long size, CellStatus status, string reason) =>
        new() { Size = size, Status = status, Reason = reason };
}

/// <summary>The lowest round trip between two processes on a placement (two u32s on their own cache lines).</summary>
public sealed record CachelineFloor
{
    public required Placement Placement { get; init; }
    public required CellStatus Status { get; init; }
    public string? Reason { get; init; }
    public int? ClientCpu { get; init; }
    public int? ServerCpu { get; init; }
    /// <summary>Timed round trips, all repetitions.</summary>
    public long Messages { get; init; }
    /// <summary>Median round trip in ns of each repetition.</summary>
    public IReadOnlyList<double> Repetitions { get; init; } = [];
    public LatencyStats? Latency { get; init; }
}

namespace IpcBench.Results;

/// <summary>
/// What else ran on the peers' CPUs while a cell was measured, summed over its rounds: CPU steal
/// and other processes' CPU time (per-CPU deltas of /proc/stat minus the peers' own time, from
/// their DONE lines, and the harness's own), the peers' migrations (/proc/&lt;pid&gt;/sched) and the CPU frequency
/// (/sys/.../cpufreq) where the kernel shows them. Windows run from RUN to both peers' DONE.
/// </summary>
public sealed record Interference
{
    /// <summary>CPUs watched: the peers' pinned CPUs, or every online CPU when not pinned.</summary>
    public IReadOnlyList<int> Cpus { get; init; } = [];
    /// <summary>Wall time of the watched windows, summed over rounds (ms).</summary>
    public double WindowMs { get; init; }
    /// <summary>Steal time on the watched CPUs (ms): the hypervisor ran someone else.</summary>
    public double StealMs { get; init; }
    /// <summary>Non-idle CPU time on the watched CPUs not spent by the peers (ms), never below 0.</summary>
    public double OthersMs { get; init; }
    /// <summary>The peers' own CPU time in the windows (ms).</summary>
    public double PeersMs { get; init; }
    /// <summary>The harness's own CPU time in the windows (ms), not counted in <see cref="OthersMs"/>; null in results written before it was recorded.</summary>
    public double? HarnessMs { get; init; }
    /// <summary>(steal + others) / (window × CPUs watched): the share of the peers' CPUs taken from them.</summary>
    public double DisturbedShare { get; init; }
    /// <summary>The disturbed share of each round, in round order.</summary>
    public IReadOnlyList<double> RoundShares { get; init; } = [];
    /// <summary>Migrations of both peers in the windows; null when /proc/&lt;pid&gt;/sched does not show them.</summary>
    public long? Migrations { get; init; }
    /// <summary>Lowest and highest frequency seen on the watched CPUs (MHz); null when /sys shows none (common in VMs).</summary>
    public double? FreqMinMhz { get; init; }
    public double? FreqMaxMhz { get; init; }

    /// <summary>Several records as one (rounds of a cell, or one cell pooled over runs): times summed, shares and rounds kept in order.</summary>
    public static Interference? Merge(IReadOnlyList<Interference> parts)
    {
        if (parts.Count == 0) return null;
        double window = parts.Sum(r => r.WindowMs), steal = parts.Sum(r => r.StealMs), others = parts.Sum(r => r.OthersMs);
        var cpus = parts[0].Cpus;
        return new Interference
        {
            Cpus = cpus,
            WindowMs = window,
            StealMs = steal,
            OthersMs = others,
            PeersMs = parts.Sum(r => r.PeersMs),
            HarnessMs = parts.All(r => r.HarnessMs is not null) ? parts.Sum(r => r.HarnessMs!.Value) : null,
            DisturbedShare = window > 0 && cpus.Count > 0 ? (steal + others) / (window * cpus.Count) : 0,
            RoundShares = [.. parts.SelectMany(r => r.RoundShares)],
            Migrations = parts.All(r => r.Migrations is not null) ? parts.Sum(r => r.Migrations!.Value) : null,
            FreqMinMhz = parts.Where(r => r.FreqMinMhz is not null).Select(r => r.FreqMinMhz).Min(),
            FreqMaxMhz = parts.Where(r => r.FreqMaxMhz is not null).Select(r => r.FreqMaxMhz).Max(),
        };
    }
}

using System.Diagnostics;
using System.Globalization;
using IpcBench.Interop;
using IpcBench.Results;

namespace IpcBench.Measurement;

/// <summary>
/// One round's window of a cell: snapshots of the watched CPUs' /proc/stat counters, the peers'
/// /proc/&lt;pid&gt;/stat times and /proc/&lt;pid&gt;/sched migrations, and the CPU frequency, taken
/// when RUN is sent and again when both DONEs are in. Anything the kernel does not show is left
/// out (null), never guessed.
/// </summary>
public sealed class InterferenceWindow
{
    static readonly double TickMs = 1000.0 / Math.Max(1, ClockTicks());

    readonly IReadOnlyList<int> _cpus;
    readonly int[] _pids;
    long _start;
    TimeSpan _harnessStart;
    Dictionary<int, (long Busy, long Steal)>? _cpuStart;
    long? _peersStart;
    long? _migrationsStart;
    readonly List<double> _freqs = [];

    /// <param name="cpus">CPUs to watch; empty watches every CPU (peers not pinned).</param>
    public InterferenceWindow(IReadOnlyList<int> cpus, params int[] pids)
    {
        _cpus = cpus.Count > 0 ? cpus : [.. ReadCpuStat().Keys.Order()];
        _pids = pids;
    }

    public void Begin()
    {
        _harnessStart = Environment.CpuUsage.TotalTime;
        _cpuStart = ReadCpuStat();
        _peersStart = PeersTicks();
        _migrationsStart = Migrations();
        ReadFrequencies();
        _start = Stopwatch.GetTimestamp();
    }

    /// <summary>
    /// The window's figures. The peers' own CPU and migrations come from their DONE lines (<paramref name="peers"/>:
    /// RUN to DONE, warm-up included), since the harness reaps them before it can read their /proc entries; a peer
    /// that does not report them falls back to /proc, and then to its timed-phase usage (which misses the warm-up and
    /// so overstates the others).
    /// </summary>
    public RoundInterference End(PeerRunCpu peers)
    {
        double windowMs = Stopwatch.GetElapsedTime(_start).TotalMilliseconds;
        var cpuEnd = ReadCpuStat();
        long? peersEnd = PeersTicks();
        long? migrationsEnd = Migrations();
        ReadFrequencies();
        long busy = 0, steal = 0;
        foreach (int cpu in _cpus)
        {
            if (_cpuStart is null || !_cpuStart.TryGetValue(cpu, out var a) || !cpuEnd.TryGetValue(cpu, out var b)) continue;
            busy += b.Busy - a.Busy;
            steal += b.Steal - a.Steal;
        }
        double peersMs = peers.RunCpuNs is { } run ? run / 1e6
            : peersEnd is { } pe && _peersStart is { } ps ? (pe - ps) * TickMs : peers.TimedCpuNs / 1e6;
        long? migrations = peers.Migrations ?? (migrationsEnd is { } me && _migrationsStart is { } ms ? me - ms : null);
        // The harness is not pinned: its own CPU (reading the peers' lines, the window itself) may fall on the peers' CPUs.
        double harnessMs = (Environment.CpuUsage.TotalTime - _harnessStart).TotalMilliseconds;
        double othersMs = Math.Max(0, busy * TickMs - peersMs - harnessMs);
        return new RoundInterference(_cpus, windowMs, steal * TickMs, othersMs, peersMs, harnessMs, migrations,
            _freqs.Count > 0 ? _freqs.Min() : null, _freqs.Count > 0 ? _freqs.Max() : null);
    }

    /// <summary>Per CPU: non-idle time (user, nice, system, irq, softirq; guest is inside user) and steal, in clock ticks.</summary>
    internal static Dictionary<int, (long Busy, long Steal)> ReadCpuStat(string path = "/proc/stat")
    {
        var result = new Dictionary<int, (long, long)>();
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return result; }
        foreach (var line in lines)
        {
            if (!line.StartsWith("cpu", StringComparison.Ordinal) || line.Length < 4 || !char.IsAsciiDigit(line[3])) continue;
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 9 || !int.TryParse(f[0].AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out int cpu)) continue;
            long V(int i) => long.TryParse(f[i], NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : 0;
            result[cpu] = (V(1) + V(2) + V(3) + V(6) + V(7), V(8));
        }
        return result;
    }

    /// <summary>utime + stime of every peer (clock ticks), or null when any entry cannot be read.</summary>
    long? PeersTicks()
    {
        long sum = 0;
        foreach (int pid in _pids)
        {
            if (ProcessTicks(pid) is not { } t) return null;
            sum += t;
        }
        return sum;
    }

    internal static long? ProcessTicks(int pid)
    {
        try
        {
            string text = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may hold spaces and parentheses: the fields start after the last ')'.
            var f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            // f[0] is field 3 (state): utime is field 14, stime field 15.
            return long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    long? Migrations()
    {
        long sum = 0;
        foreach (int pid in _pids)
        {
            if (SchedStat.Migrations($"/proc/{pid}/sched") is not { } m) return null;
            sum += m;
        }
        return sum;
    }

    void ReadFrequencies()
    {
        foreach (int cpu in _cpus)
        {
            try
            {
                string path = $"/sys/devices/system/cpu/cpu{cpu}/cpufreq/scaling_cur_freq";
                if (File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, out long khz))
                    _freqs.Add(khz / 1000.0);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    static long ClockTicks()
    {
        long t = Posix.SysConfRaw(Posix._SC_CLK_TCK);
        return t > 0 ? t : 100;
    }
}

/// <summary>What both peers said in DONE about their run: CPU from RUN to DONE and migrations (null when either peer
/// did not say), and the timed-phase CPU as the last fallback.</summary>
public readonly record struct PeerRunCpu(long? RunCpuNs, long? Migrations, long TimedCpuNs)
{
    public static PeerRunCpu Of(Protocol.DoneRecord client, Protocol.DoneRecord server) => new(
        client.RunCpuNs + server.RunCpuNs, client.Migrations + server.Migrations,
        client.UtimeNs + client.StimeNs + server.UtimeNs + server.StimeNs);
}

/// <summary>One round's window (see <see cref="InterferenceWindow"/>).</summary>
public sealed record RoundInterference(IReadOnlyList<int> Cpus, double WindowMs, double StealMs, double OthersMs, double PeersMs,
    double HarnessMs, long? Migrations, double? FreqMinMhz, double? FreqMaxMhz)
{
    public double DisturbedShare => WindowMs > 0 && Cpus.Count > 0 ? (StealMs + OthersMs) / (WindowMs * Cpus.Count) : 0;

    /// <summary>The cell's record: the rounds summed, each round's share kept.</summary>
    public static Interference? Sum(IReadOnlyList<RoundInterference> rounds) =>
        Interference.Merge([.. rounds.Select(r => new Interference
        {
            Cpus = r.Cpus,
            WindowMs = r.WindowMs,
            StealMs = r.StealMs,
            OthersMs = r.OthersMs,
            PeersMs = r.PeersMs,
            HarnessMs = r.HarnessMs,
            DisturbedShare = r.DisturbedShare,
            RoundShares = [r.DisturbedShare],
            Migrations = r.Migrations,
            FreqMinMhz = r.FreqMinMhz,
            FreqMaxMhz = r.FreqMaxMhz,
        })]);
}

using System.Globalization;

namespace IpcBench.Protocol;

/// <summary>The control channel (peer stdin/stdout, one ASCII line per message): words and DONE keys.</summary>
public static class ControlProtocol
{
    /// <summary>The protocol version: control lines, message framing and ring layout change together.</summary>
    public const int Version = 2;

    /// <summary>"HELLO ipcbench-peer/2 impl=... abi=... pid=..."</summary>
    public const string Hello = "HELLO";
    public const string ProtocolTag = "ipcbench-peer/2";
    public const string Open = "OPEN";
    public const string Opened = "OPENED";
    public const string Run = "RUN";
    public const string Done = "DONE";
    /// <summary>"PROGRESS messages=N": a running peer is alive and moving; at least every <see cref="ProtocolLimits.ProgressIntervalMs"/>.</summary>
    public const string Progress = "PROGRESS";
    /// <summary>"ERROR one line of text"; the peer then exits 1 (2 for a bad command line).</summary>
    public const string Error = "ERROR";

    // DONE keys
    public const string Messages = "messages";
    public const string Bytes = "bytes";
    public const string ElapsedNs = "elapsed_ns";
    public const string UtimeNs = "utime_ns";
    public const string StimeNs = "stime_ns";
    public const string Nvcsw = "nvcsw";
    public const string Nivcsw = "nivcsw";
    public const string Samples = "samples";
    public const string ResultNs = "result_ns";
    public const string RepNs = "rep_ns";
    /// <summary>How the peer's timed code was compiled: "native" (C), or the managed peer's JIT mode.</summary>
    public const string Jit = "jit";
    /// <summary>User + system CPU of the whole peer process from RUN to DONE (warm-up included), ns: what the harness's interference window subtracts as the peers' own.</summary>
    public const string RunCpuNs = "run_cpu_ns";
    /// <summary>CPU migrations of the peer from RUN to DONE (se.nr_migrations of /proc/self/sched); absent where the kernel does not show it.</summary>
    public const string Migrations = "migrations";
    /// <summary>Managed peer: methods JIT-compiled on the measuring thread inside the timed phase (0 when its warm-up left nothing to compile); absent from the native peer.</summary>
    public const string JitWindow = "jit_window";

    /// <summary>The keys of HELLO.</summary>
    public const string Impl = "impl";
    public const string Abi = "abi";
    public const string Pid = "pid";

    /// <summary>Every DONE key, in the order a DONE line carries them.</summary>
    public static readonly IReadOnlyList<string> DoneKeys = [Messages, Bytes, ElapsedNs, UtimeNs, StimeNs, Nvcsw, Nivcsw, Samples, ResultNs, RepNs, Jit, RunCpuNs, Migrations, JitWindow];

    /// <summary>The key=value pairs after the first word of a line (HELLO, DONE); later duplicates win; bare words ignored.</summary>
    public static IReadOnlyDictionary<string, string> ParseFields(string line)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var w in line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            int eq = w.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
                d[w[..eq]] = w[(eq + 1)..];
        }
        return d;
    }

    /// <summary>A DONE field as a long, or null when missing or malformed.</summary>
    public static long? GetLong(IReadOnlyDictionary<string, string> fields, string key)
        => fields.TryGetValue(key, out var v) && long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long r) ? r : null;

    /// <summary>A DONE field as a double (result_ns), or null.</summary>
    public static double? GetDouble(IReadOnlyDictionary<string, string> fields, string key)
        => fields.TryGetValue(key, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double r) ? r : null;

    /// <summary>Makes <paramref name="text"/> fit on one control line (no CR/LF).</summary>
    public static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}

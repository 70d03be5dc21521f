using System.Text;

namespace IpcBench.Results;

/// <summary>
/// The cells of a run as CSV (RFC 4180 quoting, lines ending in "\n"; fields are quoted
/// when they hold a comma, quote or newline). One header row, then one row per cell in plan order.
/// Numbers are invariant-culture; absent values are empty fields. Columns: <see cref="Columns"/>.
/// </summary>
public static class CsvWriter
{
    public static IReadOnlyList<string> Columns { get; } =
    [
        "run_id", "key", "transport", "wait", "yield", "peers", "client_impl", "client_abi", "server_impl", "server_abi",
        "workload", "size", "placement", "client_cpu", "server_cpu", "status", "reason", "verified",
        "messages", "warmup", "repetitions",
        "p50_ns", "p90_ns", "p99_ns", "p999_ns", "max_ns", "mean_ns", "min_ns", "stddev_ns",
        "mb_per_s", "msg_per_s",
        "cpu_user_ns_per_msg", "cpu_sys_ns_per_msg", "cpu_ns_per_msg", "vcsw_per_msg", "ivcsw_per_msg",
        "repetition_values",
    ];

    public static string ToCsv(RunResult run)
    {
        var sb = new StringBuilder();
        AppendRow(sb, Columns);
        foreach (var c in run.Cells)
            AppendRow(sb, Row(run.RunId, c));
        return sb.ToString();
    }

    /// <summary>Writes the CSV atomically.</summary>
    public static void Write(string path, RunResult run) => Util.AtomicFile.WriteAllText(path, ToCsv(run));

    /// <summary>The fields of one cell, in <see cref="Columns"/> order.</summary>
    public static IReadOnlyList<string> Row(string runId, CellResult c)
    {
        var l = c.Latency;
        var t = c.Throughput;
        var k = c.CostPerMessage;
        return
        [
            runId, c.Key, c.Transport, c.Wait ?? "", c.Yield ? "true" : "false", c.Peers.Name,
            c.Peers.Client.Impl.Name(), c.Peers.Client.Abi, c.Peers.Server.Impl.Name(), c.Peers.Server.Abi,
            c.Workload.Name(), Format.Exact(c.Size), c.Placement.Name(), Format.Exact(c.ClientCpu), Format.Exact(c.ServerCpu),
            c.Status.Name(), c.Reason ?? "", c.Verified ? "true" : "false",
            Format.Exact(c.Messages), Format.Exact(c.Warmup), Format.Exact(c.Repetitions.Count),
            Format.Exact(l?.P50Ns), Format.Exact(l?.P90Ns), Format.Exact(l?.P99Ns), Format.Exact(l?.P999Ns),
            Format.Exact(l?.MaxNs), Format.Exact(l?.MeanNs), Format.Exact(l?.MinNs), Format.Exact(l?.StddevNs),
            Format.Exact(t?.MbPerS), Format.Exact(t?.MsgPerS),
            Format.Exact(k?.CpuUserNs), Format.Exact(k?.CpuSysNs), Format.Exact(k?.CpuNs), Format.Exact(k?.Vcsw), Format.Exact(k?.Ivcsw),
            string.Join(';', c.Repetitions.Select(v => Format.Exact(v))),
        ];
    }

    private static void AppendRow(StringBuilder sb, IReadOnlyList<string> fields)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(Quote(fields[i]));
        }
        sb.Append('\n');
    }

    /// <summary>RFC 4180 quoting: wrap in quotes and double inner quotes when needed.</summary>
    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}

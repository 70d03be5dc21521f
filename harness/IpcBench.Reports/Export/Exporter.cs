using System.Globalization;
using System.Text;
using System.Text.Json;
using IpcBench.Reports.Comparison;
using IpcBench.Results;
using IpcBench.Util;

namespace IpcBench.Reports.Export;

/// <summary>
/// Run results in the formats existing CI trackers ingest (docs/regressions.md, "Exports"):
/// github-action-benchmark's custom JSON (an array of <c>{name, unit, value, range, extra}</c>)
/// and Bencher's BMF (<c>{ benchmark: { measure: { value, lower_value, upper_value } } }</c>).
/// Only measured (ok) cells are exported; the benchmark name is the cell key, the stable identity
/// of a cell across runs, optionally behind a prefix (e.g. the runner image).
/// </summary>
public static class Exporter
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Render(RunResult run, ExportFormat format, string? prefix = null)
    {
        var cells = run.Cells.Where(c => c.Status == CellStatus.Ok && (c.Latency is not null || c.Throughput is not null)).ToList();
        return format switch
        {
            ExportFormat.GithubSmaller => Github(run, Pick(cells, Workload.Latency, format), prefix),
            ExportFormat.GithubBigger => Github(run, Pick(cells, Workload.Throughput, format), prefix),
            _ => Bencher(cells.Count > 0 ? cells : throw new UsageException($"{run.RunId}: no measured cell to export"), prefix),
        };
    }

    static List<CellResult> Pick(List<CellResult> cells, Workload workload, ExportFormat format)
    {
        var picked = cells.Where(c => c.Workload == workload).ToList();
        return picked.Count > 0
            ? picked
            : throw new UsageException($"no measured {workload.Name()} cell to export as {format.Name()} " +
                                       $"({(workload == Workload.Latency ? "latency cells: lower is better" : "throughput cells: higher is better")})");
    }

    public static string BenchmarkName(CellResult c, string? prefix) => (prefix ?? "") + c.Key;

    /// <summary>github-action-benchmark's custom format: value = the cell's headline figure, range = half the spread of the repetitions.</summary>
    static string Github(RunResult run, IReadOnlyList<CellResult> cells, string? prefix)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var c in cells)
            {
                w.WriteStartObject();
                w.WriteString("name", BenchmarkName(c, prefix));
                bool latency = c.Workload == Workload.Latency;
                w.WriteString("unit", latency ? "ns" : "MB/s");
                w.WriteNumber("value", Headline(c));
                if (c.Repetitions.Count > 1)
                {
                    double half = (c.Repetitions.Max() - c.Repetitions.Min()) / 2;
                    w.WriteString("range", "± " + half.ToString(latency ? "0.#" : "0.###", Inv));
                }
                w.WriteString("extra", Extra(run, c));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>
    /// BMF: latency cells under Bencher's built-in <c>latency</c> measure (ns); throughput cells under
    /// the built-in <c>throughput</c> measure (operations per second: messages/s) and a
    /// <c>megabytes-per-second</c> measure (MB/s, created by Bencher on first use). lower/upper are
    /// the smallest and largest repetition.
    /// </summary>
    static string Bencher(IReadOnlyList<CellResult> cells, string? prefix)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            foreach (var c in cells)
            {
                w.WriteStartObject(BenchmarkName(c, prefix));
                if (c.Workload == Workload.Latency)
                {
                    Metric(w, "latency", c.Latency!.P50Ns, c.Repetitions);
                }
                else
                {
                    var t = c.Throughput!;
                    // Per-repetition messages/s from per-repetition MB/s: msg/s = MB/s * 10^6 / size.
                    Metric(w, "throughput", t.MsgPerS, c.Repetitions.Select(mb => mb * 1e6 / c.Size).ToList());
                    Metric(w, "megabytes-per-second", t.MbPerS, c.Repetitions);
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    static void Metric(Utf8JsonWriter w, string measure, double value, IReadOnlyList<double> repetitions)
    {
        w.WriteStartObject(measure);
        w.WriteNumber("value", value);
        if (repetitions.Count > 0)
        {
            // Bounds that contain the value even when the merged figure lies a rounding step outside the repetitions.
            w.WriteNumber("lower_value", Math.Min(value, repetitions.Min()));
            w.WriteNumber("upper_value", Math.Max(value, repetitions.Max()));
        }
        w.WriteEndObject();
    }

    /// <summary>The figure exported: latency p50 (ns) or throughput MB/s, as the run's own tables show.</summary>
    public static double Headline(CellResult c) => c.Workload == Workload.Latency ? c.Latency!.P50Ns : c.Throughput!.MbPerS;

    static string Extra(RunResult run, CellResult c)
    {
        var sb = new StringBuilder();
        if (c.Latency is { } l)
            sb.Append(Inv, $"p90 {l.P90Ns} ns, p99 {l.P99Ns} ns, max {l.MaxNs} ns\n");
        if (c.Throughput is { } t)
            sb.Append(Inv, $"{t.MsgPerS:0} msg/s\n");
        sb.Append(Inv, $"repetitions: {c.Repetitions.Count}");
        if (c.Repetitions.Count > 0)
            sb.Append(Inv, $", median {RunComparer.Median(c.Repetitions):0.###}");
        sb.Append('\n');
        sb.Append("run ").Append(run.RunId).Append(", kernel ").Append(run.Environment.KernelRelease ?? "?");
        return sb.ToString();
    }
}

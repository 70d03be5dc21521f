using System.Text;
using System.Text.Json;
using IpcBench.Results;

namespace IpcBench.Reports.Comparison;

/// <summary>
/// The comparison as JSON for tools (<c>compare --format json</c>; shape documented in
/// docs/regressions.md): the rules applied, both runs, counts per outcome, and every cell with
/// both medians, their repetitions, the change, the test and the outcome.
/// </summary>
public static class RunComparisonJson
{
    public const string Kind = "ipcbench-compare";
    public const int SchemaVersion = 1;

    public static string Render(RunComparison r)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            Header(w, "run", r.IsWorse);
            w.WriteNumber("threshold", r.Threshold.Fraction);
            w.WriteNumber("confidence", r.Confidence.Level);
            w.WriteNumber("alpha", Math.Round(r.Confidence.Alpha, 12));
            w.WriteString("test", "mann-whitney-u-two-sided");
            Identity(w, "baseline", r.Baseline);
            Identity(w, "current", r.Current);
            w.WriteStartObject("summary");
            foreach (var o in OutcomeOrder.Sections)
                w.WriteNumber(o.Name(), r.Count(o));
            w.WriteEndObject();
            w.WriteStartArray("cells");
            foreach (var c in r.Cells)
                Cell(w, c);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>The fields every compare JSON starts with (run and conformance alike).</summary>
    internal static void Header(Utf8JsonWriter w, string subject, bool worse)
    {
        w.WriteString("kind", Kind);
        w.WriteNumber("schema_version", SchemaVersion);
        w.WriteString("subject", subject);
        w.WriteString("result", worse ? "worse" : "ok");
        w.WriteNumber("exit_status", worse ? 1 : 0);
    }

    static void Identity(Utf8JsonWriter w, string name, RunIdentity id)
    {
        w.WriteStartObject(name);
        w.WriteString("path", id.Path);
        w.WriteString("run_id", id.RunId);
        w.WriteString("started_utc", id.StartedUtc);
        w.WriteString("git_commit", id.GitCommit);
        w.WriteString("kernel_release", id.KernelRelease);
        w.WriteString("hostname", id.Hostname);
        w.WriteString("cpu_model", id.CpuModel);
        w.WriteString("profile", id.Profile);
        if (id.PooledRunIds is { } ids)
        {
            // Only for a pooled folder, so the output of two files stays exactly as it was.
            w.WriteNumber("runs", ids.Count);
            w.WriteStartArray("run_ids");
            foreach (var runId in ids)
                w.WriteStringValue(runId);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    static void Cell(Utf8JsonWriter w, CellComparison c)
    {
        w.WriteStartObject();
        w.WriteString("key", c.Key);
        w.WriteString("transport", c.Transport);
        w.WriteString("wait", c.Wait);
        w.WriteBoolean("yield", c.Yield);
        w.WriteString("peers", c.Peers);
        w.WriteString("workload", c.Workload.Name());
        w.WriteNumber("size", c.Size);
        w.WriteString("placement", c.Placement.Name());
        w.WriteString("metric", c.Metric);
        w.WriteString("better", c.LowerIsBetter ? "lower" : "higher");
        w.WriteString("outcome", c.Outcome.Name());
        Side(w, "baseline", c.BaselineStatus, c.BaselineMedian, c.BaselineRepetitions, c.BaselineRuns);
        Side(w, "current", c.CurrentStatus, c.CurrentMedian, c.CurrentRepetitions, c.CurrentRuns);
        Number(w, "change", c.Change);
        Number(w, "p_value", c.Test?.PValue);
        Number(w, "u", c.Test?.U);
        w.WriteString("test_method", c.Test?.MethodName);
        w.WriteString("statistic", c.Statistic);
        Number(w, "history_spread", c.HistorySpread);
        Number(w, "history_bound", c.HistoryBound);
        if (c.MinimalDetectableChange is { } mdc && double.IsPositiveInfinity(mdc)) w.WriteString("minimal_detectable_change", "> 1");
        else Number(w, "minimal_detectable_change", c.MinimalDetectableChange);
        Number(w, "baseline_disturbed_share", c.BaselineDisturbed);
        Number(w, "current_disturbed_share", c.CurrentDisturbed);
        Number(w, "baseline_cpu_ns_per_message", c.BaselineCpuNs);
        Number(w, "current_cpu_ns_per_message", c.CurrentCpuNs);
        w.WriteString("note", c.Note);
        w.WriteEndObject();
    }

    static void Side(Utf8JsonWriter w, string name, CellStatus? status, double? median, IReadOnlyList<double> repetitions, int? runs)
    {
        if (status is null)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartObject(name);
        w.WriteString("status", status.Value.Name());
        Number(w, "median", median);
        if (runs is { } n) w.WriteNumber("runs", n);
        w.WriteStartArray("repetitions");
        foreach (var v in repetitions)
            w.WriteNumberValue(v);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    internal static void Number(Utf8JsonWriter w, string name, double? v)
    {
        if (v is { } d && double.IsFinite(d)) w.WriteNumber(name, d);
        else w.WriteNull(name);
    }
}

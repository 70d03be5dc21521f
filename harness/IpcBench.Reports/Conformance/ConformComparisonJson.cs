using System.Text;
using System.Text.Json;
using IpcBench.Reports.Comparison;

namespace IpcBench.Reports.Conformance;

/// <summary>Verdict changes as JSON for tools; same header as the run comparison (docs/regressions.md).</summary>
public static class ConformComparisonJson
{
    public static string Render(ConformComparison r)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            RunComparisonJson.Header(w, "conform", r.IsWorse);
            w.WriteString("order", "pass = linux-specific > unsupported > fail");
            Identity(w, "baseline", r.Baseline);
            Identity(w, "current", r.Current);
            w.WriteStartObject("summary");
            foreach (var c in VerdictChangeNames.Sections)
                w.WriteNumber(c.Name(), r.Count(c));
            w.WriteEndObject();
            w.WriteStartArray("targets_on_one_side");
            foreach (var a in r.Availability)
            {
                w.WriteStartObject();
                w.WriteString("target", a.Target);
                w.WriteBoolean("in_baseline", a.InBaseline);
                w.WriteBoolean("in_current", a.InCurrent);
                w.WriteString("reason", a.Reason);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("cases");
            foreach (var c in r.Cases)
            {
                w.WriteStartObject();
                w.WriteString("case", c.CaseId);
                w.WriteString("target", c.Target);
                w.WriteString("baseline", c.BaselineVerdict);
                w.WriteString("current", c.CurrentVerdict);
                w.WriteString("change", c.Change.Name());
                w.WriteString("reason", c.Reason);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    static void Identity(Utf8JsonWriter w, string name, ConformIdentity id)
    {
        w.WriteStartObject(name);
        w.WriteString("path", id.Path);
        w.WriteString("kernel_release", id.KernelRelease);
        w.WriteString("libc", id.Libc);
        w.WriteString("machine", id.Machine);
        w.WriteString("distribution", id.Distribution);
        if (id.GeneratedUtc is { } g) w.WriteString("generated_utc", g);
        else w.WriteNull("generated_utc");
        w.WriteEndObject();
    }
}

using System.Text.Json;
using IpcBench.Util;

namespace IpcBench.Reports.Conformance;

/// <summary>
/// Reads the fields compare needs from a conformance result (results/schema/conform-v1.md),
/// checking each, so a malformed file is refused with one line rather than half compared.
/// Read from the documented JSON rather than the conformance library's types, so this library
/// does not depend on the suite (and the two stay checked against the same document).
/// </summary>
public static class ConformResultReader
{
    /// <summary>The value of the file-type field of a conformance result.</summary>
    public const string SchemaName = "conform";
    /// <summary>The field holding the conformance schema version.</summary>
    public const string VersionField = "version";
    /// <summary>The schema version this build reads.</summary>
    public const int SupportedVersion = 1;
    /// <summary>How a conformance result identifies itself, for error messages.</summary>
    public const string Signature = "\"schema\": \"conform\"";

    public static bool IsConformance(JsonElement root) =>
        root.TryGetProperty("schema", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() == SchemaName;

    public static ConformResult Parse(string text, string path)
    {
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        if (!IsConformance(root))
            throw Bad(path, $"not a conformance result (no {Signature})");
        int version = root.TryGetProperty(VersionField, out var v) && v.TryGetInt32(out int vv) ? vv : throw Bad(path, $"no integer \"{VersionField}\"");
        if (version != SupportedVersion)
            throw Bad(path, version > SupportedVersion
                ? $"conformance schema version {version} is newer than this ipcbench reads ({SupportedVersion}); use a newer ipcbench"
                : $"conformance schema version {version} is not supported (this ipcbench reads version {SupportedVersion})");

        var host = Object(root, "host", path);
        var libc = host.TryGetProperty("libc", out var l) && l.ValueKind == JsonValueKind.Object ? l : (JsonElement?)null;
        var targets = new List<ConformTarget>();
        foreach (var t in Array(root, "targets", path))
            targets.Add(new ConformTarget(String(t, "name", path, "targets[]"), Bool(t, "available", path), OptString(t, "reason")));
        var cases = new List<ConformCase>();
        foreach (var c in Array(root, "cases", path))
        {
            string id = String(c, "id", path, "cases[]");
            var results = new List<ConformVerdict>();
            foreach (var r in Array(c, "results", path, $"case {id}"))
            {
                string verdict = String(r, "verdict", path, $"case {id}");
                if (!VerdictOrder.IsKnown(verdict))
                    throw Bad(path, $"case {id}: unknown verdict \"{verdict}\" (expected {string.Join(", ", VerdictOrder.Known)})");
                results.Add(new ConformVerdict(String(r, "target", path, $"case {id}"), verdict, OptString(r, "reason")));
            }
            cases.Add(new ConformCase(id, OptString(c, "interface"), results));
        }
        return new ConformResult
        {
            Path = path,
            Version = version,
            Tool = OptString(root, "tool"),
            GeneratedUtc = root.TryGetProperty("generatedUtc", out var g) && g.ValueKind == JsonValueKind.String && g.TryGetDateTimeOffset(out var at) ? at : null,
            KernelRelease = String(host, "kernelRelease", path, "host"),
            Machine = OptString(host, "machine"),
            LibcName = libc is { } lc ? OptString(lc, "name") : null,
            LibcVersion = libc is { } lv ? OptString(lv, "version") : null,
            Distribution = OptString(host, "distribution"),
            Targets = targets,
            Cases = cases,
        };
    }

    static UsageException Bad(string path, string problem) => new($"{path}: {problem}");

    static JsonElement Object(JsonElement e, string name, string path) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : throw Bad(path, $"malformed conformance result: no \"{name}\" object");

    static JsonElement.ArrayEnumerator Array(JsonElement e, string name, string path, string? where = null) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray()
            : throw Bad(path, $"malformed conformance result: no \"{name}\" array{(where is null ? "" : " in " + where)}");

    static string String(JsonElement e, string name, string path, string where) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Bad(path, $"malformed conformance result: {where} without a \"{name}\" string");

    static bool Bool(JsonElement e, string name, string path) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw Bad(path, $"malformed conformance result: a target without a \"{name}\" boolean");

    static string? OptString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

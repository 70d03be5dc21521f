using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IpcBench.Util;

namespace IpcBench.Results;

/// <summary>
/// Writes the JSON result file (results/schema/run-v2.md) and reads it, and reads stored schema 1
/// files (run-v1.md) too, upgraded in memory (<see cref="Upgrade"/>).
/// </summary>
public static class ResultJson
{
    /// <summary>The <c>kind</c> every result file carries.</summary>
    public const string Kind = "ipcbench-run";
    /// <summary>The major schema version this build writes.</summary>
    public const int SchemaVersion = 2;
    /// <summary>The oldest schema version this build reads: version 1 files lack the fields version 2 added (read as empty or null).</summary>
    public const int OldestReadableVersion = 1;

    private const string FromString = "<string>";

    /// <summary>The result as indented JSON text (UTF-8, trailing newline).</summary>
    public static string Serialize(RunResult run) =>
        JsonSerializer.Serialize(run, ResultJsonContext.Default.RunResult) + "\n";

    /// <summary>
    /// JSON Schema (draft 2020-12) of the result file, generated from the code by
    /// <see cref="JsonSchemaExporter"/>; committed as results/schema/run-v2.schema.json.
    /// </summary>
    public static string JsonSchema() =>
        SchemaExport.Generate(ResultJsonContext.Default.RunResult, $"ipcbench run result, schema version {SchemaVersion}",
            "Generated from harness/IpcBench.Core/Results by ResultJson.JsonSchema(); documented in results/schema/run-v2.md.",
            new Dictionary<string, JsonNode> { ["kind"] = Kind, ["schema_version"] = SchemaVersion });

    /// <summary>Writes the result atomically (temp file in the same directory, then rename).</summary>
    public static void Write(string path, RunResult run) => AtomicFile.WriteAllText(path, Serialize(run));

    /// <summary>
    /// Reads and validates a result file. Throws <see cref="ResultFormatException"/> with one clear
    /// line when the file is missing, unreadable, not a regular file, huge, empty, not JSON,
    /// truncated, not an ipcbench run result, or of another schema version.
    /// </summary>
    public static RunResult Read(string path)
    {
        string text;
        try
        {
            text = InputFile.ReadText(path);
        }
        catch (UsageException e)
        {
            throw new ResultFormatException(path, e.Message.StartsWith(path + ": ", StringComparison.Ordinal) ? e.Message[(path.Length + 2)..] : e.Message, e);
        }
        return Parse(text, path);
    }

    /// <summary>Parses result JSON text; <paramref name="origin"/> names it in errors.</summary>
    public static RunResult Parse(string text, string origin = FromString)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new ResultFormatException(origin, "empty file, not an ipcbench result");

        // First look at the shape with a DOM, so the errors can say what the file is instead of
        // where deserialization tripped.
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new ResultFormatException(origin, $"not an ipcbench result (the JSON is {Article(root.ValueKind)}, expected an object with kind \"{Kind}\")");
            if (!root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String)
                throw new ResultFormatException(origin, $"not an ipcbench result (no \"kind\": \"{Kind}\" field)");
            if (kind.GetString() != Kind)
                throw new ResultFormatException(origin, $"not an ipcbench run result (kind is \"{kind.GetString()}\", expected \"{Kind}\")");
            if (!root.TryGetProperty("schema_version", out var ver) || ver.ValueKind != JsonValueKind.Number || !ver.TryGetInt32(out int v))
                throw new ResultFormatException(origin, "ipcbench result without a valid integer \"schema_version\"");
            if (v is < OldestReadableVersion or > SchemaVersion)
                throw new ResultFormatException(origin,
                    v > SchemaVersion
                        ? $"result schema version {v} is newer than this ipcbench reads ({SchemaVersion}); use a newer ipcbench"
                        : $"result schema version {v} is not supported (this ipcbench reads versions {OldestReadableVersion} to {SchemaVersion})");
        }
        catch (JsonException e)
        {
            bool truncated = e.LineNumber is { } ln && e.BytePositionInLine is { } bp && IsAtEnd(text, ln, bp);
            string where = e.LineNumber is { } line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : "";
            throw new ResultFormatException(origin,
                truncated ? $"truncated or incomplete JSON{where}; not a complete ipcbench result"
                          : $"not valid JSON{where}: {FirstSentence(e.Message)}", e);
        }

        try
        {
            return Upgrade(JsonSerializer.Deserialize(text, ResultJsonContext.Default.RunResult)
                   ?? throw new ResultFormatException(origin, "not an ipcbench result (null)"));
        }
        catch (JsonException e)
        {
            string at = string.IsNullOrEmpty(e.Path) ? "" : $" at {e.Path}";
            throw new ResultFormatException(origin, $"malformed ipcbench result{at}: {FirstSentence(e.Message)}", e);
        }
    }

    /// <summary>
    /// A result as the current schema: a schema 1 run measured its repetitions as consecutive
    /// blocks of one peer process, with no seed and no interference record, and no hand-off floor
    /// (read as empty: that floor was not measured; the version 2 scalars it lacks read as null).
    /// </summary>
    public static RunResult Upgrade(RunResult run)
    {
        if ((IReadOnlyList<SizeFloor>?)run.Floors.Handoff is null)
            run = run with { Floors = run.Floors with { Handoff = [] } };
        if (run.Floors.KernelCopy is null) // version 2 results written before it was measured
            run = run with { Floors = run.Floors with { KernelCopy = [] } };
        if (run.SchemaVersion >= SchemaVersion) return run;
        return run with
        {
            SchemaVersion = SchemaVersion,
            Settings = run.Settings with { Schedule = RunSchedules.Blocks, Seed = null },
            // Fields a schema 1 file lacks come back null from the reader's init-only setters.
            Cells = [.. run.Cells.Select(c => c with
            {
                RoundCpuNs = c.RoundCpuNs ?? [],
                Statistic = c.Status != CellStatus.Ok ? null
                    : c.Workload == Workload.Latency ? CellStatistics.LatencyMedianOfBlockMedians : CellStatistics.ThroughputMedianOfBlocks,
            })],
        };
    }

    /// <summary>
    /// True when the reader failed at (or past) the last non-blank byte: the text stops early,
    /// which is what a truncated file looks like, whatever the token it was in.
    /// </summary>
    private static bool IsAtEnd(string text, long line, long bytePosInLine)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        long lineStart = 0;
        for (long seen = 0; seen < line && lineStart < bytes.Length; lineStart++)
        {
            if (bytes[lineStart] == (byte)'\n')
                seen++;
        }
        long offset = lineStart + bytePosInLine;
        int end = bytes.Length;
        while (end > 0 && bytes[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            end--;
        return offset >= end - 1;
    }

    private static string Article(JsonValueKind k) => k switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => k.ToString().ToLowerInvariant(),
    };

    private static string FirstSentence(string message)
    {
        // System.Text.Json messages append "Path: $ | LineNumber: ..." and may span lines.
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var s = (cut > 0 ? message[..cut] : message).ReplaceLineEndings(" ").Trim();
        return s.TrimEnd('.');
    }
}

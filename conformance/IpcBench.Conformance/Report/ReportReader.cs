using System.Text.Json;
using IpcBench.Conformance.Model;
using IpcBench.Results;

namespace IpcBench.Conformance.Report;

/// <summary>
/// Reads a <see cref="ConformReport"/> back from its JSON (results/schema/conform-v1.md),
/// checking it, so a file that is not one is refused with one line naming it
/// (<see cref="ResultFormatException"/>): not JSON, truncated, not a conformance result, another
/// schema version, a field missing or of the wrong type, an unknown verdict.
/// </summary>
public static class ReportReader
{
    /// <summary>The field holding the schema version.</summary>
    public const string VersionField = "version";
    /// <summary>How a conformance result identifies itself, for error messages.</summary>
    public const string Signature = "\"schema\": \"" + ConformReport.SchemaName + "\"";

    /// <summary>
    /// JSON Schema (draft 2020-12) of the report, generated from <see cref="ConformReport"/>;
    /// committed as results/schema/conform-v1.schema.json, which readers validate input against.
    /// </summary>
    public static string JsonSchema() =>
        SchemaExport.Generate(ConformJsonContext.Default.ConformReport, $"ipcbench conformance result, schema version {ConformReport.SchemaVersion}",
            "Generated from conformance/IpcBench.Conformance/Report by ReportReader.JsonSchema(); documented in results/schema/conform-v1.md.",
            new Dictionary<string, System.Text.Json.Nodes.JsonNode> { ["schema"] = ConformReport.SchemaName, [VersionField] = ConformReport.SchemaVersion });

    /// <summary>Does this JSON say it is a conformance result (whatever its version).</summary>
    public static bool IsConformReport(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("schema", out var s) &&
        s.ValueKind == JsonValueKind.String && s.GetString() == ConformReport.SchemaName;

    /// <summary>Parses report JSON text; <paramref name="origin"/> (the file) names it in errors.</summary>
    public static ConformReport Parse(string text, string origin)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new ResultFormatException(origin, "empty file, not a conformance result");
        try
        {
            using var doc = JsonDocument.Parse(text);
            CheckHeader(doc.RootElement, origin);
        }
        catch (JsonException)
        {
            // The run reader words "truncated" and "not valid JSON"; it throws for any text that did not parse.
            ResultJson.Parse(text, origin);
            throw;
        }

        ConformReport report;
        try
        {
            report = JsonSerializer.Deserialize(text, ConformJsonContext.Default.ConformReport)
                     ?? throw new ResultFormatException(origin, "not a conformance result (null)");
        }
        catch (JsonException e)
        {
            string at = string.IsNullOrEmpty(e.Path) ? "" : $" at {e.Path}";
            string what = e.Message.Split(" Path:")[0].ReplaceLineEndings(" ").Trim().TrimEnd('.');
            throw new ResultFormatException(origin, $"malformed conformance result{at}: {what}", e);
        }
        foreach (var c in report.Cases)
        foreach (var r in c.Results)
        {
            if (!VerdictExtensions.TryParseWord(r.Verdict, out _))
                throw new ResultFormatException(origin, $"case {c.Id}: unknown verdict \"{r.Verdict}\" (expected {string.Join(", ", VerdictExtensions.Words)})");
        }
        return report;
    }

    static void CheckHeader(JsonElement root, string origin)
    {
        if (!IsConformReport(root))
            throw new ResultFormatException(origin, $"not a conformance result (no {Signature})");
        if (!root.TryGetProperty(VersionField, out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int version))
            throw new ResultFormatException(origin, $"no integer \"{VersionField}\"");
        if (version != ConformReport.SchemaVersion)
            throw new ResultFormatException(origin, version > ConformReport.SchemaVersion
                ? $"conformance schema version {version} is newer than this ipcbench reads ({ConformReport.SchemaVersion}); use a newer ipcbench"
                : $"conformance schema version {version} is not supported (this ipcbench reads version {ConformReport.SchemaVersion})");
    }
}

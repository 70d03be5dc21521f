using System.Text;
using System.Text.Json;
using Json.Schema;
using IpcBench.Util;

namespace IpcBench.Reports.Inputs;

/// <summary>
/// Validates a result file against the committed JSON Schema of its kind and version
/// (results/schema/run-v&lt;N&gt;.schema.json by the file's schema_version, conform-v1.schema.json,
/// embedded in this assembly) before
/// anything reads it, so a file that lacks a field or has one of the wrong type is refused with
/// one line naming the file and the JSON path, never half read.
/// </summary>
public static class ResultSchemas
{
    // Every run version this build reads (ResultJson.OldestReadableVersion..SchemaVersion) has its schema.
    static readonly Dictionary<int, Lazy<JsonSchema>> Run = Enumerable
        .Range(IpcBench.Results.ResultJson.OldestReadableVersion, IpcBench.Results.ResultJson.SchemaVersion - IpcBench.Results.ResultJson.OldestReadableVersion + 1)
        .ToDictionary(v => v, v => new Lazy<JsonSchema>(() => Load($"run-v{v}.schema.json")));
    static readonly Lazy<JsonSchema> Conform = new(() => Load("conform-v1.schema.json"));

    /// <summary>Throws a <see cref="UsageException"/> naming <paramref name="path"/> and the first place the document departs from the schema.</summary>
    public static void Validate(JsonElement root, ResultKind kind, string path)
    {
        // The version is checked before validation (ResultJson refuses others); an unreadable one uses the newest schema.
        int version = kind == ResultKind.Run && root.ValueKind == JsonValueKind.Object
                      && root.TryGetProperty("schema_version", out var v) && v.ValueKind == JsonValueKind.Number
                      && v.TryGetInt32(out int n) && Run.ContainsKey(n)
            ? n
            : IpcBench.Results.ResultJson.SchemaVersion;
        var schema = kind == ResultKind.Run ? Run[version].Value : Conform.Value;
        var result = schema.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid) return;
        // The deepest failing location says most; its first error message says what is wrong there.
        var failure = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .OrderByDescending(d => d.InstanceLocation.SegmentCount)
            .FirstOrDefault() ?? result;
        string message = failure.Errors is { Count: > 0 } e ? e.First().Value : "does not match the schema";
        string what = kind == ResultKind.Run ? "run result" : "conformance result";
        throw new UsageException($"{path}: not a valid {what} (results/schema/{(kind == ResultKind.Run ? $"run-v{version}" : "conform-v1")}.schema.json) at {JsonPath(failure.InstanceLocation)}: {OneLine(message)}");
    }

    /// <summary>A JSON Pointer as a JSON path: <c>/cells/0/latency</c> becomes <c>$.cells[0].latency</c>.</summary>
    public static string JsonPath(Json.Pointer.JsonPointer pointer)
    {
        var sb = new StringBuilder("$");
        foreach (var escaped in pointer.ToString().Split('/').Skip(1))
        {
            string segment = escaped.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (segment.Length > 0 && segment.All(char.IsAsciiDigit)) sb.Append('[').Append(segment).Append(']');
            else sb.Append('.').Append(segment);
        }
        return sb.ToString();
    }

    static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim().TrimEnd('.');

    static JsonSchema Load(string name)
    {
        using var stream = typeof(ResultSchemas).Assembly.GetManifestResourceStream("schema/" + name)
                           ?? throw new InvalidOperationException($"results/schema/{name} is not embedded in {typeof(ResultSchemas).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return JsonSchema.FromText(reader.ReadToEnd());
    }
}

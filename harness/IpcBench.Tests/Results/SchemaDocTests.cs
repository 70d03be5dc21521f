using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IpcBench.Results;

namespace IpcBench.Tests.Results;

/// <summary>Keeps results/schema/ (the JSON Schema and the document) in step with the result types.</summary>
public partial class SchemaDocTests
{
    private static string SchemaPath => Path.Combine(RepoPaths.Root, "results", "schema", "run-v2.schema.json");
    private static string DocPath => Path.Combine(RepoPaths.Root, "results", "schema", "run-v2.md");

    [Test]
    public void CommittedJsonSchemaIsWhatTheCodeGenerates()
    {
        string generated = ResultJson.JsonSchema();
        if (System.Environment.GetEnvironmentVariable("IPCBENCH_UPDATE_SCHEMA") == "1")
            IpcBench.Util.AtomicFile.WriteAllText(SchemaPath, generated);
        File.Exists(SchemaPath).Should().BeTrue("results/schema/run-v2.schema.json is committed (regenerate with IPCBENCH_UPDATE_SCHEMA=1)");
        File.ReadAllText(SchemaPath).Should().Be(generated,
            "the result types changed: regenerate with IPCBENCH_UPDATE_SCHEMA=1 and document the change in run-v2.md");
    }

    [Test]
    public void DocumentListsExactlyTheFieldsOfEveryObject()
    {
        var schema = JsonNode.Parse(ResultJson.JsonSchema())!.AsObject();
        var objects = new List<(string Path, List<string> Fields)>();
        Collect(schema, schema, "$", objects);
        objects.Should().Contain(o => o.Path == "cells[].latency");

        string[] lines = File.ReadAllLines(DocPath);
        var problems = new List<string>();
        foreach (var (path, fields) in objects)
        {
            int start = Array.FindIndex(lines, l => l.StartsWith('#') && l.Contains($"`{path}`", StringComparison.Ordinal));
            if (start < 0)
            {
                problems.Add($"no section heading naming `{path}`");
                continue;
            }
            int end = Array.FindIndex(lines, start + 1, l => l.StartsWith('#'));
            var documented = lines[(start + 1)..(end < 0 ? lines.Length : end)]
                .Select(l => FieldRow().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
            foreach (var f in fields.Except(documented))
                problems.Add($"`{path}.{f}` is in the JSON but not documented");
            foreach (var f in documented.Except(fields))
                problems.Add($"`{path}.{f}` is documented but not in the JSON");
        }
        problems.Should().BeEmpty();
    }

    [Test]
    public void DocumentListsEveryCsvColumn()
    {
        string doc = File.ReadAllText(DocPath);
        string csv = doc[doc.IndexOf("## CSV", StringComparison.Ordinal)..];
        foreach (var column in CsvWriter.Columns)
            csv.Should().Contain($"`{column}`");
    }

    [Test]
    public void DocumentNamesTheVersionAndKindTheCodeUses()
    {
        string doc = File.ReadAllText(DocPath);
        doc.Should().Contain($"schema version {ResultJson.SchemaVersion}").And.Contain($"\"{ResultJson.Kind}\"");
        doc.Should().Contain(IpcBench.Measurement.CopyModelFitter.Method);
    }

    [GeneratedRegex(@"^\| `([a-z0-9_]+)` \|")]
    private static partial Regex FieldRow();

    /// <summary>Every object schema reachable from the root, by JSON path, with its property names.</summary>
    private static void Collect(JsonObject root, JsonNode? node, string path, List<(string, List<string>)> found)
    {
        if (node is not JsonObject o)
            return;
        if (o["$ref"]?.GetValue<string>() is { } reference)
        {
            Collect(root, Resolve(root, reference), path, found);
            return;
        }
        if (o["properties"] is JsonObject props)
        {
            found.Add((path, [.. props.Select(p => p.Key)]));
            foreach (var (name, child) in props)
                Collect(root, child, path == "$" ? name : $"{path}.{name}", found);
        }
        if (o["items"] is JsonNode items)
            Collect(root, items, path + "[]", found);
    }

    private static JsonNode? Resolve(JsonObject root, string reference)
    {
        reference.Should().StartWith("#");
        JsonNode? n = root;
        foreach (var part in reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
            n = n?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
        return n;
    }
}

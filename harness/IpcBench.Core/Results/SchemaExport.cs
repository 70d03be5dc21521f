using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace IpcBench.Results;

/// <summary>
/// Generates the JSON Schema (draft 2020-12) of a result type from its serializer metadata: the
/// committed results/schema/*.schema.json that every reader validates input against. A field the
/// writer can never leave null (it always writes every field) is required, so a result that lacks
/// one, e.g. <c>cells</c>, is refused by the schema instead of read as empty.
/// </summary>
public static class SchemaExport
{
    /// <param name="pins">Fields given a <c>const</c> (the kind and schema version a reader checks first), by JSON name.</param>
    public static string Generate(JsonTypeInfo root, string title, string description, IReadOnlyDictionary<string, JsonNode> pins)
    {
        var node = JsonSchemaExporter.GetJsonSchemaAsNode(root,
            new JsonSchemaExporterOptions
            {
                TreatNullObliviousAsNonNullable = true,
                TransformSchemaNode = (ctx, schema) =>
                {
                    if (ctx.PropertyInfo?.DeclaringType == root.Type && schema is JsonObject o && pins.TryGetValue(ctx.PropertyInfo.Name, out var pin))
                        o["const"] = pin.DeepClone();
                    if (schema is JsonObject obj)
                        RequireNonNullable(obj);
                    return schema;
                },
            });
        var top = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = title,
            ["description"] = description,
        };
        if (node is JsonObject o)
        {
            foreach (var (k, v) in o.ToList())
            {
                o.Remove(k);
                top[k] = v;
            }
        }
        return top.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    static void RequireNonNullable(JsonObject schema)
    {
        if (schema["properties"] is not JsonObject properties) return;
        var required = schema["required"] as JsonArray ?? [];
        var names = required.Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, property) in properties)
        {
            if (!names.Contains(name) && property is JsonObject p && !Nullable(p))
                required.Add(name);
        }
        if (required.Count > 0) schema["required"] = required;
    }

    /// <summary>A property schema that admits null (or anything at all).</summary>
    static bool Nullable(JsonObject p) =>
        p["type"] switch
        {
            JsonArray types => types.Any(t => t?.GetValue<string>() == "null"),
            JsonValue => false,
            _ => p["enum"] is JsonArray values ? values.Any(v => v is null) : p["$ref"] is null && p["const"] is null,
        };
}

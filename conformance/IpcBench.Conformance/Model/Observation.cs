using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IpcBench.Conformance.Model;

/// <summary>
/// What a probe (or an in-process managed check) saw in one case: the one JSON object it printed,
/// e.g. <c>{"case":"mmap-len-zero","ret":-1,"errno":"EINVAL"}</c>. It judges nothing; the
/// expectations in Cases/ do. Field names are those of native/ipcprobe/CASES.md.
/// </summary>
public sealed class Observation
{
    readonly JsonObject _fields;
    /// <summary>When set, every path read through this view (see <see cref="Tracking"/>).</summary>
    readonly HashSet<string>? _reads;

    Observation(JsonObject fields, HashSet<string>? reads = null)
    {
        _fields = fields;
        _reads = reads;
    }

    /// <summary>
    /// A view of the same fields that records every path read through it, so the judge can tell
    /// which facts an expectation looked at (an unread fact fails the case: Engine/Judge.cs).
    /// </summary>
    public Observation Tracking(out IReadOnlySet<string> reads)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        reads = set;
        return new Observation(_fields, set);
    }

    /// <summary>
    /// Every fact of the observation as a dotted path to a leaf: nested objects are walked
    /// ("probe.mmap_ret"), an array is one fact.
    /// </summary>
    public IEnumerable<string> LeafPaths()
    {
        static IEnumerable<string> Walk(JsonObject o, string prefix)
        {
            foreach (var (k, v) in o)
            {
                var path = prefix + k;
                if (v is JsonObject inner && inner.Count > 0)
                {
                    foreach (var p in Walk(inner, path + "."))
                        yield return p;
                }
                else
                    yield return path;
            }
        }
        return Walk(_fields, "");
    }

    /// <summary>The observation as a JSON object (a copy: the report owns its own).</summary>
    public JsonObject ToJson() => (JsonObject)_fields.DeepClone();

    /// <summary>The compact JSON text, as printed by the probe (field order kept).</summary>
    public override string ToString() => _fields.ToJsonString();

    /// <summary>Parses one line of probe output; null with a reason when it is not one JSON object.</summary>
    public static Observation? TryParse(string line, out string? error)
    {
        error = null;
        try
        {
            var node = JsonNode.Parse(line, documentOptions: new JsonDocumentOptions { MaxDepth = 16 });
            if (node is JsonObject obj)
                return new Observation(obj);
            error = $"expected one JSON object, got {Describe(node)}";
            return null;
        }
        catch (JsonException e)
        {
            error = $"not JSON ({e.Message.Split('.')[0]})";
            return null;
        }
    }

    /// <summary>An observation built in-process (managed checks, cross-ABI exchanges).</summary>
    public static Observation From(IEnumerable<KeyValuePair<string, object?>> fields)
    {
        var obj = new JsonObject();
        foreach (var (k, v) in fields)
            obj[k] = ToNode(v);
        return new Observation(obj);
    }

    /// <summary>Builder for in-process observations: <c>Observation.Of(("ret", -1), ("errno", "EINVAL"))</c>.</summary>
    public static Observation Of(params (string Key, object? Value)[] fields) =>
        From(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));

    public IEnumerable<string> FieldNames => _fields.Select(p => p.Key);

    /// <summary>The field has a non-null value.</summary>
    public bool Has(string path) => Find(path) is not null;

    /// <summary>The top-level field is present, even if its value is null.</summary>
    public bool Contains(string field)
    {
        _reads?.Add(field);
        return _fields.ContainsKey(field);
    }

    /// <summary>The raw node at a dotted path ("attr.mq_maxmsg"), or null when absent (or JSON null).</summary>
    public JsonNode? Find(string path)
    {
        _reads?.Add(path);
        JsonNode? cur = _fields;
        foreach (var part in path.Split('.'))
        {
            if (cur is not JsonObject o || !o.TryGetPropertyValue(part, out cur))
                return null;
        }
        return cur;
    }

    public string? Str(string path) => Find(path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public long? Int(string path)
    {
        if (Find(path) is not JsonValue v)
            return null;
        if (v.TryGetValue<long>(out var l))
            return l;
        if (v.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9.2e18)
            return (long)d;
        // Wide unsigned values (addresses, sizes) may be printed as strings to stay exact.
        if (v.TryGetValue<string>(out var s) && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out l))
            return l;
        return null;
    }

    public bool? Bool(string path) => Find(path) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    /// <summary>The value at a path as short text for messages: <c>"EINVAL"</c>, <c>-1</c>, <c>absent</c>.</summary>
    public string Show(string path) => Find(path) is { } n ? n.ToJsonString() : "absent";

    /// <summary>Do two observations agree on every field this one has (used to compare managed with probe).</summary>
    public IReadOnlyList<string> Disagreements(Observation other, IEnumerable<string>? fields = null)
    {
        var diffs = new List<string>();
        foreach (var name in fields ?? FieldNames)
        {
            var mine = Find(name);
            var theirs = other.Find(name);
            if (!JsonNode.DeepEquals(mine, theirs))
                diffs.Add($"{name}: {Show(name)} here, {other.Show(name)} in the probe");
        }
        return diffs;
    }

    static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "an array",
        JsonValue v => $"the value {v.ToJsonString()}",
        _ => node.GetType().Name,
    };

    static JsonNode? ToNode(object? v) => v switch
    {
        null => null,
        JsonNode n => n.DeepClone(),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create((long)i),
        long l => JsonValue.Create(l),
        uint u => JsonValue.Create((long)u),
        ulong ul => JsonValue.Create(ul),
        nint ni => JsonValue.Create((long)ni),
        double d => JsonValue.Create(d),
        IEnumerable<KeyValuePair<string, object?>> o => From(o)._fields,
        System.Collections.IEnumerable e => new JsonArray(e.Cast<object?>().Select(ToNode).ToArray()),
        _ => JsonValue.Create(Convert.ToString(v, CultureInfo.InvariantCulture)),
    };
}
